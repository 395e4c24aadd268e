"""Interim codec (JSON) until csp.net's codec is merged; replaced by it."""

from __future__ import annotations

import json
from typing import Any


def encode(value: Any) -> bytes:
    return json.dumps(value).encode()


def decode(data: bytes) -> Any:
    return json.loads(data)
