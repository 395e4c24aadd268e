# twisted-csp's README "Playing around in a REPL", as a script (tests/test_docs.py runs it).
# Changes: the import line, print(...), and Python 3's name for the thread module.
import _thread as thread
import time

from csp.twistedcsp import *
from twisted.internet import reactor

thread.start_new_thread(reactor.run, (), {"installSignalHandlers": False})


class Ball:
    hits = 0


def player(name, table):
    while True:
        ball = yield take(table)
        if ball is None:  # channel's closed
            print(name, "Ball's gone")
            break
        ball.hits += 1
        print(name, ball.hits)
        yield sleep(0.1)
        yield put(table, ball)


def main():
    table = Channel()
    go(player, "ping", table)
    go(player, "pong", table)
    yield put(table, Ball())
    yield sleep(1)
    close(table)


reactor.callFromThread(lambda: go(main))
time.sleep(3)  # the REPL's user, watching the output
