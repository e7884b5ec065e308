"""Run every benchmark (``make bench``): each ``benchmarks/bench_*.py`` has ``main() -> None``
and prints its own figures. ``python -m benchmarks NAME`` runs one (e.g. ``screening``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = argv or sorted(
        p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")
    )
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
