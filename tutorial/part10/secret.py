"""The shared secret of the two-machine pipeline: made by machine A, read by machine B.

A secret on the command line would be readable by every user of the
machine (``ps`` shows argv), so it lives in a file only its owner can read.
On two real machines, copy the file to the second one (``scp``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["DEFAULT", "make_secret", "read_secret"]

DEFAULT = Path("pipeline.secret")


def make_secret(path: Path) -> bytes:
    """The secret in ``path``; made (32 random bytes, hex, readable by the owner only) if there is none."""
    if path.exists():
        return read_secret(path)
    secret = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    return secret


def read_secret(path: Path) -> bytes:
    """The secret in ``path``, or a SystemExit saying how to get one."""
    try:
        secret = path.read_bytes().strip()
    except FileNotFoundError:
        raise SystemExit(f"no secret file {path}: start machine A first (it makes one), and copy it here")
    if not secret:
        raise SystemExit(f"the secret file {path} is empty")
    return secret
