"""Count the words in every file under a folder, one process per file.

    python -m tutorial.part02.wordcount tutorial        # any folder

python-csp's version counted lines while claiming to count words; this one
counts words (runs of non-blank characters, as ``str.split`` sees them).
Each file gets a ``word_count`` process; ``Par`` runs them all at once and
hands back their results in order, so the counting needs no channel at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Generator

from csp import Par, process

from ..runner import execute

LINES_PER_TURN = 1000
"""A counter gives the other processes a turn after this many lines."""


@process
def word_count(path: Path) -> Generator[Any, Any, int]:
    """The number of words in the file at ``path`` (undecodable bytes count as text)."""
    words = 0
    with path.open(encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            words += len(line.split())
            if number % LINES_PER_TURN == 0:
                yield  # a long file does not keep the other counters waiting
    return words


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``, in a stable order, skipping hidden ones and caches."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                   for part in p.relative_to(folder).parts)
    )


@process
def directory_count(folder: Path) -> Generator[Any, Any, dict[str, int]]:
    """Count every file's words concurrently; print one line per file and the total."""
    files = files_under(folder)
    counts = yield Par(*[word_count(f) for f in files])
    result = {str(f.relative_to(folder)): n for f, n in zip(files, counts, strict=True)}
    for name, n in result.items():
        print(f"{name}: {n} words")
    print(f"{sum(counts)} words in {len(files)} files")
    return result


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tutorial.part02.wordcount FOLDER", file=sys.stderr)
        return 2
    folder = Path(args[0])
    if not folder.is_dir():
        print(f"{folder} is not a folder", file=sys.stderr)
        return 1
    execute(directory_count(folder), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
