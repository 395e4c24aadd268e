"""Cancelling the Deferred of a put or get made from Twisted code (found building the toolkit).

twisted-csp's put_then_callback and take_then_callback, and pipeline_async
functions written in Twisted style, use ``c.put(x)`` and ``c.get()``. A
cancelled get must give up its place in the channel's queue, or the next
value written is handed to a Deferred nobody listens to and is lost; a
cancelled put must not deliver its value later.
"""

from __future__ import annotations

from csp import Channel


def test_a_cancelled_get_does_not_swallow_the_next_value():
    c = Channel()
    d = c.get()
    d.addErrback(lambda f: None)
    d.cancel()
    c.put("value")
    assert c.poll("nothing") == "value"


def test_a_cancelled_put_is_not_delivered():
    c = Channel()
    d = c.put("withdrawn")
    d.addErrback(lambda f: None)
    d.cancel()
    assert c.poll("nothing") == "nothing"
