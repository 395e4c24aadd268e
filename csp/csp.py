"""python-csp's import line: ``from csp.csp import *`` gives every public name."""

from . import *  # noqa: F403
from . import __all__  # noqa: F401
