"""TXCSP_PURE=1 at import runs the pure kernel from whichever build is installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import csp

PROBE = """
import json, csp, csp._kernel, csp._channel
from csp import Channel, Par, process

@process
def count(cout):
    for i in range(3):
        yield cout.write(i)
    cout.close()

@process
def total(cin, box):
    while True:
        try:
            box.append((yield cin.read()))
        except csp.ChannelClosed:
            return

c, box = Channel(), []
Par(count(c), total(c, box)).start()
print(json.dumps({"compiled": csp.__compiled__, "kernel": csp._kernel.__file__,
                  "channel": csp._channel.__file__, "box": box}))
"""


def probe(**env):
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60,
                         env={**os.environ, **env}, cwd=os.path.dirname(os.path.dirname(csp.__file__)))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_txcsp_pure_loads_every_kernel_module_from_its_source():
    got = probe(TXCSP_PURE="1")
    assert got["compiled"] is False
    assert got["kernel"].endswith("_kernel.py") and got["channel"].endswith("_channel.py")
    assert got["box"] == [0, 1, 2]


def test_without_it_the_installed_build_runs():
    here = os.path.dirname(csp.__file__)
    installed_compiled = any(f.startswith("_kernel.") and f.endswith((".so", ".pyd"))
                             for f in os.listdir(here))
    got = probe(TXCSP_PURE="0")
    assert got["compiled"] is installed_compiled
    assert got["kernel"].endswith(".py") is (not installed_compiled)
    assert got["box"] == [0, 1, 2]
