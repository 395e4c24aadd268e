"""The codec: the usual values round-trip exactly, registered types too, and nothing else is accepted."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp.net import JsonCodec, MsgpackCodec, PickleCodec, ProtocolError, UnsendableValue, register_type

codec = JsonCodec()
try:
    import msgpack  # noqa: F401

    safe_codecs = [JsonCodec(), MsgpackCodec()]
except ImportError:  # pragma: no cover - msgpack is optional (the `net` extra)
    safe_codecs = [JsonCodec()]
each_codec = pytest.mark.parametrize("codec", safe_codecs, ids=lambda c: c.name)

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**300), max_value=2**300)
           | st.floats(allow_nan=False) | st.text() | st.binary())
hashables = st.recursive(scalars, lambda inner: st.tuples(inner, inner), max_leaves=5)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(hashables, inner, max_size=4),
    max_leaves=20,
)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


@each_codec
@given(value=values)
def test_every_usual_value_round_trips_with_its_types(codec, value):
    assert same(codec.decode(codec.encode(value)), value)


@each_codec
def test_floats_that_json_lacks_and_huge_ints(codec):
    out = codec.decode(codec.encode([math.inf, -math.inf, math.nan, 10**5000, -(2**64)]))
    assert out[:2] == [math.inf, -math.inf] and math.isnan(out[2])
    assert out[3] == 10**5000 and out[4] == -(2**64)


@each_codec
def test_an_unsendable_value_says_what_to_do(codec):
    class Mine:
        pass

    with pytest.raises(UnsendableValue, match=r"test_net_codec.*Mine.*register_type\(.*Mine"):
        codec.encode({"k": [Mine()]})
    with pytest.raises(TypeError):  # UnsendableValue is a TypeError too
        codec.encode({1, 2})  # a set: not in the codec's list
    loop: list = []
    loop.append(loop)
    with pytest.raises(UnsendableValue, match="contains itself"):
        codec.encode(loop)


@pytest.mark.skipif(len(safe_codecs) < 2, reason="msgpack is not installed (pip install 'txcsp[net]')")
@pytest.mark.parametrize("data", [b"", b"\xc1", b"\xd4\x09\x00", b"\xc7\x03\x03\x93\x01\x02", b"\x92\x01"])
def test_msgpack_garbage_is_a_protocol_error(data):
    with pytest.raises(ProtocolError):
        MsgpackCodec().decode(data)


class Celsius(float):
    pass


def test_a_registered_type_round_trips_and_subclasses_of_builtins_need_registering():
    for each in safe_codecs:
        with pytest.raises(UnsendableValue, match="Celsius"):
            each.encode(Celsius(3.5))
    register_type(Celsius, "tests.Celsius", float, Celsius)
    for each in safe_codecs:
        out = each.decode(each.encode([Celsius(3.5), (Celsius(1.0),)]))
        assert type(out[0]) is Celsius and out[0] == 3.5 and type(out[1][0]) is Celsius


def test_register_type_checks_its_arguments():
    with pytest.raises(TypeError, match="class"):
        register_type("Celsius", "x", float, float)
    with pytest.raises(TypeError, match="callable"):
        register_type(Celsius, "x2", 1, float)
    with pytest.raises(ValueError, match="already used"):
        register_type(complex, "tests.Celsius", str, complex)


@pytest.mark.parametrize("data", [
    b"", b"\x00\x00", b"\x00\x00\x00\x10{}", b"\x00\x00\x00\x02{}",
    b'\x00\x00\x00\x0c{"$x": [1]}', b'\x00\x00\x00\x10{"$b": [0, 100]}',
    b'\x00\x00\x00\x13{"$r": "nope", "v": 1}', b"\x00\x00\x00\x03\xff\xfe\xfd",
])
def test_garbage_is_a_protocol_error_never_anything_else(data):
    with pytest.raises(ProtocolError):
        codec.decode(data)


def test_an_unknown_registered_name_says_to_register_it_on_both_ends():
    with pytest.raises(ProtocolError, match="register_type"):
        text = b'{"$r":"nowhere","v":1}'
        codec.decode(len(text).to_bytes(4, "big") + text)


def test_bytes_travel_raw_after_the_json():
    big = b"\x00" * 1_000_000
    data = codec.encode([big, big])
    assert len(data) < 2_000_100  # not base64: about the two values and a few bytes of JSON


def test_pickle_sends_what_json_cannot():
    p = PickleCodec()
    assert p.decode(p.encode({1, 2})) == {1, 2}
    with pytest.raises(UnsendableValue):
        p.encode(lambda: 1)
    with pytest.raises(ProtocolError):
        p.decode(b"not a pickle")
