"""What crosses the wire: a safe codec of plain values (JSON with tags and raw bytes), or pickle by opt-in.

The default codec, ``"json"``, sends None, bool, int (any size), float
(nan and infinities too), str, bytes, list, tuple, dict (any hashable keys
it can send) and the types given to :func:`register_type`. Nothing a peer
sends is ever executed: decoding builds only those types, and a registered
type only through the ``decode`` function registered for its name.

A frame is ``[4 bytes: length of the JSON part][JSON][raw bytes]``: a
``bytes`` value travels raw after the JSON (``{"$b": [offset, length]}``
in the JSON), so a 16 MiB ``bytes`` costs a copy, not a base64 pass. In
the JSON, every object is a tag: ``{"$t": [...]}`` a tuple,
``{"$d": [[k, v], ...]}`` a dict, ``{"$i": "hex"}`` an int past 64 bits
(Python refuses to print an int of more than 4300 digits), ``{"$r": name,
"v": state}`` a registered type.

``"msgpack"`` (when the ``msgpack`` package is installed: ``pip install
'txcsp[net]'``) sends the very same values, tuples, big ints and
registered types as msgpack extension types, several times faster (see
docs/network.md for the figures). With ``codec=None`` (the default) the
two ends agree on msgpack if both have it, else on JSON.

``"pickle"`` sends anything pickle can; it runs code from the peer, so it
is used only when both ends name it (``codec="pickle"`` on ``serve`` and on
``connect``); a connection where only one end asks for it is refused.
"""

from __future__ import annotations

import json
import pickle
import struct
from typing import Any, Callable

from ._errors import ProtocolError, UnsendableValue

__all__ = ["Codec", "JsonCodec", "MsgpackCodec", "PickleCodec", "register_type", "codec_choices"]

_HEAD = struct.Struct(">I")
_BIG = 1 << 63

# name -> (cls, encode, decode); cls -> name
_by_name: dict[str, tuple[type, Callable[[Any], Any], Callable[[Any], Any]]] = {}
_by_type: dict[type, str] = {}


def register_type(cls: type, name: str, encode: Callable[[Any], Any], decode: Callable[[Any], Any]) -> None:
    """Let values of ``cls`` cross the wire under ``name``, on the default (``"json"``) codec.

    ``encode(obj)`` returns a value the codec can send (a tuple, a dict,
    ...); ``decode(state)`` rebuilds the object from it. Register the same
    name on both ends (the receiving end needs ``decode``)::

        from dataclasses import dataclass
        from csp.net import register_type

        @dataclass
        class Point:
            x: int
            y: int

        register_type(Point, "Point", lambda p: (p.x, p.y), lambda s: Point(*s))
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_type({cls!r}, ...): the first argument must be a class")
    if not isinstance(name, str) or not name:
        raise TypeError(f"register_type({cls.__name__}, {name!r}, ...): the name must be a non-empty str")
    if not callable(encode) or not callable(decode):
        raise TypeError(f"register_type({cls.__name__}, {name!r}, encode, decode): both must be callable")
    old = _by_name.get(name)
    if old is not None and old[0] is not cls:
        raise ValueError(f"register_type: the name {name!r} is already used by {old[0].__qualname__}")
    _by_name[name] = (cls, encode, decode)
    _by_type[cls] = name


class Codec:
    """Turns a value into the bytes of a frame and back. ``name`` is what the handshake compares."""

    name = ""

    def encode(self, value: Any) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


def _unsendable(value: Any, why: str = "") -> UnsendableValue:
    kind = type(value)
    return UnsendableValue(
        f"cannot send {kind.__module__}.{kind.__qualname__} value {_short(value)} over the network{why}: "
        "the codec sends None, bool, int, float, str, bytes, list, tuple and dict; for another type call "
        f"csp.net.register_type({kind.__qualname__}, name, encode, decode) on both ends (or opt in to "
        "codec='pickle' on both ends, which runs code the peer sends)"
    )


def _too_deep(value: Any) -> UnsendableValue:
    kind = type(value)
    return UnsendableValue(f"cannot send {kind.__module__}.{kind.__qualname__} value {_short(value)} over "
                           "the network: it is nested too deeply, or it contains itself")


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a report must not fail
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # ASCII out: lone surrogates survive as escapes


class JsonCodec(Codec):
    """The default codec: JSON with tags for the types JSON lacks, and raw bytes after it."""

    name = "json"

    def __init__(self) -> None:
        self._decoder = json.JSONDecoder(object_hook=self._hook)
        self._frame: Any = None  # the frame being decoded, and where its raw bytes start
        self._start = 0

    def encode(self, value: Any) -> bytes:
        blobs: list[bytes] = []
        try:
            tree = _to_tree(value, blobs, [0])
            text = _ENCODER.encode(tree).encode()
        except RecursionError:
            raise _too_deep(value) from None
        if not blobs:
            return _HEAD.pack(len(text)) + text
        return b"".join([_HEAD.pack(len(text)), text, *blobs])

    def decode(self, data: bytes) -> Any:
        try:
            (n,) = _HEAD.unpack_from(data)
            start = _HEAD.size + n
            if start > len(data):
                raise ProtocolError("the JSON part is longer than the frame")
            self._frame, self._start = data, start
            return self._decoder.decode(data[_HEAD.size:start].decode())
        except ProtocolError:
            raise
        except Exception as error:  # noqa: BLE001 - anything a bad frame raises becomes one error
            raise ProtocolError(f"a frame could not be decoded: {type(error).__name__}: {error}") from None
        finally:
            self._frame = None

    def _hook(self, obj: dict) -> Any:
        if len(obj) == 1:
            (tag, arg), = obj.items()
            if tag == "$t":
                return tuple(arg)
            if tag == "$d":
                return {k: v for k, v in arg}
            if tag == "$b":
                off, size = arg
                data, start = self._frame, self._start
                if not (isinstance(off, int) and isinstance(size, int) and 0 <= off and size >= 0
                        and start + off + size <= len(data)):
                    raise ProtocolError("a bytes value points outside the frame")
                return data[start + off:start + off + size]
            if tag == "$i":
                return int(arg, 16)
        elif len(obj) == 2 and "$r" in obj and "v" in obj:
            name = obj["$r"]
            entry = _by_name.get(name)
            if entry is None:
                raise ProtocolError(
                    f"the peer sent a value of registered type {name!r}, which is not registered "
                    "here: call csp.net.register_type for it on both ends"
                )
            return entry[2](obj["v"])
        raise ProtocolError(f"an object that is no tag of this codec: {_short(obj)}")


def _to_tree(v: Any, blobs: list[bytes], size: list[int]) -> Any:
    t = type(v)
    if t is str or t is bool or v is None or t is float:
        return v
    if t is int:
        if -_BIG < v < _BIG:
            return v
        return {"$i": format(v, "x")}
    if t is list:
        return [_to_tree(x, blobs, size) for x in v]
    if t is tuple:
        return {"$t": [_to_tree(x, blobs, size) for x in v]}
    if t is dict:
        return {"$d": [[_to_tree(k, blobs, size), _to_tree(x, blobs, size)] for k, x in v.items()]}
    if t is bytes:
        blobs.append(v)
        off = size[0]
        size[0] = off + len(v)
        return {"$b": [off, len(v)]}
    name = _by_type.get(t)
    if name is not None:
        state = _by_name[name][1](v)
        return {"$r": name, "v": _to_tree(state, blobs, size)}
    raise _unsendable(v)


class PickleCodec(Codec):
    """Pickle: any picklable value, but decoding runs code the peer chose. Opt in on both ends."""

    name = "pickle"

    def encode(self, value: Any) -> bytes:
        try:
            return pickle.dumps(value, protocol=5)
        except Exception as error:  # noqa: BLE001 - pickle raises many kinds
            raise _unsendable(value, f" ({type(error).__name__}: {error})") from None

    def decode(self, data: bytes) -> Any:
        try:
            return pickle.loads(data)
        except Exception as error:  # noqa: BLE001
            raise ProtocolError(f"a frame could not be unpickled: {type(error).__name__}: {error}") from None


_TUPLE, _BIGINT, _REGISTERED = 1, 2, 3


class MsgpackCodec(Codec):
    """The values of the JSON codec, in msgpack: tuples, big ints and registered types as extension types."""

    name = "msgpack"

    def __init__(self) -> None:
        import msgpack

        self._msgpack = msgpack
        self._packer_options = {"default": self._default, "use_bin_type": True, "strict_types": True}
        self._unpacker_options = {"ext_hook": self._ext, "raw": False, "strict_map_key": False}
        self._packer = msgpack.Packer(**self._packer_options)  # the top level reuses one packer

    def _pack(self, value: Any) -> bytes:  # (nested: a fresh packer, as packing is not re-entrant)
        return self._msgpack.packb(value, **self._packer_options)

    def _default(self, v: Any) -> Any:
        t = type(v)
        ext = self._msgpack.ExtType
        if t is tuple:
            return ext(_TUPLE, self._pack(list(v)))
        if t is int:  # past 64 bits
            return ext(_BIGINT, format(v, "x").encode())
        name = _by_type.get(t)
        if name is not None:
            return ext(_REGISTERED, self._pack([name, _by_name[name][1](v)]))
        raise _unsendable(v)

    def _ext(self, code: int, data: bytes) -> Any:
        if code == _TUPLE:
            return tuple(self._unpack(data))
        if code == _BIGINT:
            return int(data.decode(), 16)
        if code == _REGISTERED:
            name, state = self._unpack(data)
            entry = _by_name.get(name)
            if entry is None:
                raise ProtocolError(f"the peer sent a value of registered type {name!r}, which is not "
                                    "registered here: call csp.net.register_type for it on both ends")
            return entry[2](state)
        raise ProtocolError(f"an extension type {code} that this codec does not have")

    def _unpack(self, data: bytes) -> Any:
        return self._msgpack.unpackb(data, **self._unpacker_options)

    def encode(self, value: Any) -> bytes:
        try:
            return self._packer.pack(value)
        except UnsendableValue:
            raise
        except (ValueError, TypeError, OverflowError) as error:
            if "recursion" in str(error):
                raise _too_deep(value) from None
            raise _unsendable(value, f" ({error})") from None

    def decode(self, data: bytes) -> Any:
        try:
            return self._unpack(data)
        except ProtocolError:
            raise
        except Exception as error:  # noqa: BLE001 - anything a bad frame raises becomes one error
            raise ProtocolError(f"a frame could not be decoded: {type(error).__name__}: {error}") from None


def msgpack_available() -> bool:
    try:
        import msgpack  # noqa: F401
    except ImportError:
        return False
    return True


def codec_choices(codec: Any) -> list[Codec]:
    """The codecs an end accepts for ``codec=``, best first.

    None: the safe ones (msgpack if installed, then JSON); ``"json"``,
    ``"msgpack"`` or ``"pickle"``: that one only; a :class:`Codec`: it.
    """
    if codec is None:
        return [MsgpackCodec(), JsonCodec()] if msgpack_available() else [JsonCodec()]
    if codec == "json":
        return [JsonCodec()]
    if codec == "msgpack":
        if not msgpack_available():
            raise ImportError("codec='msgpack' needs the msgpack package: pip install 'txcsp[net]'")
        return [MsgpackCodec()]
    if codec == "pickle":
        return [PickleCodec()]
    if isinstance(codec, Codec):
        return [codec]
    raise ValueError(f"codec={codec!r}: use None (the safe default: msgpack or JSON), 'json', 'msgpack', "
                     "'pickle' (both ends must say so), or a csp.net.Codec instance")
