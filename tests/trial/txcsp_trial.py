"""txcsp under Twisted's own test runner: ``python -m twisted.trial tests/trial/txcsp_trial.py``.

trial runs the global reactor itself, around each test; a test spawns
processes on it and returns their handle (a Deferred) for trial to wait on.
``tests/test_trial.py`` runs this suite from pytest, in a subprocess.
"""

from __future__ import annotations

from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.trial import unittest

from csp import Channel, Par, Timer, process


@process
def double(cin, cout):
    while True:
        yield cout.write(2 * (yield cin.read()))


@process
def napper(seconds, value):
    yield Timer().sleep(seconds)
    return value


@process
def fails():
    yield Timer().sleep(0.001)
    raise KeyError("boom")


class TxcspUnderTrial(unittest.TestCase):
    def test_return_a_handle(self):
        h = napper(0.01, "rested").spawn()
        h.addCallback(self.assertEqual, "rested")
        return h

    def test_return_a_handles_deferred(self):
        return napper(0.001, None).spawn().deferred

    @inlineCallbacks
    def test_inline_callbacks_yields_handles(self):
        results = yield Par(napper(0.002, 1), napper(0.001, 2)).spawn()
        self.assertEqual(results, [1, 2])

    def test_a_failing_process_fails_its_handle(self):
        return self.assertFailure(fails().spawn(), KeyError)

    @inlineCallbacks
    def test_twisted_code_feeds_a_pipeline(self):
        a, b = Channel(external=True), Channel()
        h = double(a, b).spawn()
        for i in range(3):
            reactor.callLater(0, a.put, i)
            self.assertEqual((yield b.get()), 2 * i)
        a.poison()
        yield h

    @inlineCallbacks
    def test_cancel_runs_finally_before_the_handle_fires(self):
        log = []

        @process
        def worker():
            try:
                yield Timer().sleep(60)
            finally:
                yield Timer().sleep(0.001)
                log.append("finally")

        h = worker().spawn()
        reactor.callLater(0.001, h.cancel)
        try:
            yield h
        except Exception as e:  # noqa: BLE001 - checked below
            log.append(type(e).__name__)
        self.assertEqual(log, ["finally", "Cancelled"])
