"""DOT pictures of an LTS and of a counterexample; rendered with Graphviz when it is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tutorial_helpers import decode_png

from csp.algebra.cspm import parse
from csp.algebra.cspm.dot import counterexample_dot, lts_dot, render

SCRIPT = parse("channel a, b\nP = a -> (b -> P |~| SKIP)\nQ = a -> b -> STOP")


def test_lts_dot_has_every_state_and_transition() -> None:
    text = lts_dot(SCRIPT.process("P"))
    assert text.startswith("digraph LTS {") and text.rstrip().endswith("}")
    edges = [line for line in text.splitlines() if " -> s" in line and "start" not in line]
    labels = sorted(line.split('label="')[1].split('"')[0] for line in edges)
    assert labels == ["a", "b", "τ", "τ", "✓"]
    assert "doublecircle" in text  # the terminated state


def test_counterexample_dot_follows_the_trace() -> None:
    r = SCRIPT.check("assert Q :[deadlock free [F]]")
    text = counterexample_dot(r)
    assert 'p0 -> p1 [label="a"]' in text and 'p1 -> p2 [label="b"]' in text and "deadlock" in text
    with pytest.raises(ValueError, match="no counterexample"):
        counterexample_dot(SCRIPT.check("assert P :[deadlock free [F]]"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_rendering_to_svg_and_png(tmp_path: Path) -> None:
    svg = render(lts_dot(SCRIPT.process("P")), tmp_path / "p.svg")
    assert "<svg" in svg.read_text()
    png = render(counterexample_dot(SCRIPT.check("assert Q :[deadlock free [F]]")), tmp_path / "c.png")
    image = decode_png(png.read_bytes())
    assert image.width > 50 and image.height > 10 and len(image.colours()) > 1
