"""``python -m csp_shell``: the same as the ``python-csp`` command."""

import sys

from ._main import main

sys.exit(main())
