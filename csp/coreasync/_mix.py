"""``mix``: several channels merged onto one, each soloed, muted or paused at will (core.async's ``mix``)."""

from __future__ import annotations

import random
from typing import Any, Generator, Mapping

from csp import Alt, Channel, ChannelClosed, Process, ProcessHandle

from ._control import Commands
from ._here import check_channel, give, spawn_detached

__all__ = ["Mix", "mix", "admix", "unmix", "unmix_all", "toggle", "solo_mode"]

_ATTRS = ("solo", "mute", "pause")
_MODES = ("mute", "pause")


class Mix:
    """A mix of input channels onto ``out``.

    Build one with :func:`mix` (started beside the caller), or as
    ``Mix(out)`` and run ``m.process`` yourself. Inputs come and go with
    :func:`admix` and :func:`unmix`; :func:`toggle` sets each input's
    states, atomically for several inputs at once:

    - ``solo``: only soloed inputs reach ``out`` (their ``mute`` and
      ``pause`` are ignored); the others are muted, or paused if
      :func:`solo_mode` is ``"pause"``;
    - ``mute``: the input is still read, but its values are dropped;
    - ``pause``: the input is not read at all (its writers wait).

    An input that closes leaves the mix. ``out`` is not closed when the
    inputs close, since more may be admixed (as in core.async); close
    ``out`` to end the mix: it notices at its next value and stops reading
    its inputs. Poison on ``out`` or on an input poisons all of them::

        m = mix(speakers)
        admix(m, radio)
        admix(m, phone)
        toggle(m, {radio: {"mute": True}})
    """

    __slots__ = ("out", "_commands", "handle")

    def __init__(self, out: Channel) -> None:
        self.out = check_channel(out, "Mix(out)")
        self._commands = Commands()
        self.handle: ProcessHandle | None = None

    def __repr__(self) -> str:
        return f"<Mix onto {self.out!r}>"

    @property
    def process(self) -> Process:
        """The process that mixes (it runs once)."""
        return Process(_mix, self)

    def admix(self, ch: Channel) -> None:
        """Add ``ch`` as an input. See :func:`admix`."""
        check_channel(ch, "admix(mix, ch): ch")
        self._send("admix", ch)

    def unmix(self, ch: Channel) -> None:
        """Remove the input ``ch``. See :func:`unmix`."""
        self._send("unmix", ch)

    def unmix_all(self) -> None:
        """Remove every input. See :func:`unmix_all`."""
        self._send("unmix_all")

    def toggle(self, state_map: Mapping[Channel, Mapping[str, bool]]) -> None:
        """Merge ``state_map`` into the inputs' states. See :func:`toggle`."""
        if not isinstance(state_map, Mapping):
            raise TypeError(f"toggle(mix, {state_map!r}): give a dict {{channel: {{'mute': True}}, ...}}")
        changes = {}
        for ch, attrs in state_map.items():
            check_channel(ch, "toggle(mix, state_map): each key")
            if not isinstance(attrs, Mapping):
                raise TypeError(f"toggle(mix, ...): the state of {ch!r} is a dict like {{'solo': True}}, "
                                f"not {attrs!r}")
            for attr, on in attrs.items():
                if attr not in _ATTRS:
                    raise ValueError(f"toggle(mix, ...): {attr!r} is not a state; the states are "
                                     "'solo', 'mute' and 'pause'")
                if not isinstance(on, bool):
                    raise TypeError(f"toggle(mix, ...): {attr!r} is True or False, not {on!r}")
            changes[ch] = dict(attrs)
        self._send("toggle", changes)

    def solo_mode(self, mode: str) -> None:
        """Set what soloing does to the other inputs. See :func:`solo_mode`."""
        if mode not in _MODES:
            raise ValueError(f"solo_mode(mix, {mode!r}): the mode is 'mute' or 'pause'")
        self._send("solo_mode", mode)

    def _send(self, *command: Any) -> None:
        ended = self._commands.ended
        if ended is not None:
            raise RuntimeError(f"{self!r} has ended (its out channel was {ended}); make a new mix")
        self._commands.send(*command)


def _mix(m: Mix) -> Generator[Any, Any, None]:
    commands = m._commands
    commands.claim("Mix")
    out, bell = m.out, commands.bell
    inputs: dict[Channel, dict[str, bool]] = {}
    mode = "mute"

    def obey() -> None:
        nonlocal mode
        for command in commands.take_all():
            kind = command[0]
            if kind == "admix":
                inputs.setdefault(command[1], {})
            elif kind == "unmix":
                inputs.pop(command[1], None)
            elif kind == "unmix_all":
                inputs.clear()
            elif kind == "toggle":
                for ch, attrs in command[1].items():
                    inputs.setdefault(ch, {}).update(attrs)
            else:
                mode = command[1]

    try:
        while True:
            solos = {c for c, s in inputs.items() if s.get("solo")}
            if solos and mode == "pause":
                reads = list(solos)
            else:
                reads = [c for c, s in inputs.items() if c in solos or not s.get("pause")]
            random.shuffle(reads)  # pri_select over a shuffled list: the doorbell first, then any input
            alt = Alt(bell, *reads)
            try:
                value = yield alt.pri_select()
            except ChannelClosed as closed:
                if closed.channel is bell or closed.channel not in inputs:
                    raise
                del inputs[closed.channel]  # a closed input leaves the mix
                continue
            index = alt.last_index
            if index == 0:
                obey()
                continue
            ch = reads[index - 1]
            heard = ch in solos if solos else not inputs[ch].get("mute")
            if not heard:
                continue  # muted: consumed and dropped
            if not (yield from give(out, value)):
                break
    except GeneratorExit:
        raise
    except BaseException:
        commands.ended = "poisoned"
        for c in (out, bell, *inputs):
            c.poison()
        raise
    commands.ended = "closed"
    bell.close()


_mix.__name__ = "mix"


def mix(out: Channel) -> Mix:
    """A :class:`Mix` onto ``out``, started beside the caller (core.async's ``mix``).

    For example::

        m = mix(speakers)
    """
    m = Mix(out)
    m.handle = spawn_detached(m.process, "mix", lambda: (out,))
    return m


def admix(m: Mix, ch: Channel) -> None:
    """Add ``ch`` as an input of mix ``m`` (core.async's ``admix``)."""
    _mix_of(m, "admix").admix(ch)


def unmix(m: Mix, ch: Channel) -> None:
    """Remove the input ``ch`` from mix ``m`` (it is not closed)."""
    _mix_of(m, "unmix").unmix(ch)


def unmix_all(m: Mix) -> None:
    """Remove every input from mix ``m``."""
    _mix_of(m, "unmix_all").unmix_all()


def toggle(m: Mix, state_map: Mapping[Channel, Mapping[str, bool]]) -> None:
    """Set the states of inputs of mix ``m`` at once: ``{ch: {"solo"/"mute"/"pause": bool}}``.

    The states given are merged with the current ones; a channel not yet in
    the mix is added with them (so it can join paused)::

        toggle(m, {radio: {"mute": True}, phone: {"solo": True}})
    """
    _mix_of(m, "toggle").toggle(state_map)


def solo_mode(m: Mix, mode: str) -> None:
    """Set what soloing does to the other inputs of ``m``: ``"mute"`` (the default) or ``"pause"``."""
    _mix_of(m, "solo_mode").solo_mode(mode)


def _mix_of(m: Any, verb: str) -> Mix:
    if not isinstance(m, Mix):
        raise TypeError(f"{verb}(m, ...): m is what mix(out) returns, not {m!r} ({type(m).__name__})")
    return m
