"""The one suppression rule: primary cells, complementary cells, and no line that gives a
hidden value away."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ctis.lib import disclosure
from ctis.lib.disclosure import SECONDARY, suppress, suppress_breakdown, suppress_grid


def test_small_counts_are_hidden_and_zero_and_large_are_shown() -> None:
    assert suppress(1, 10) == "<10"
    assert suppress(9, 10) == "<10"
    assert suppress(0, 10) == 0
    assert suppress(10, 10) == 10


def test_the_issue_example_no_longer_gives_the_small_cell_away() -> None:
    # "Cases: 7 / Female 5 / Male <5" gives Male = 2 (threshold 5 in the issue).
    cells, total = suppress_breakdown({"female": 5, "male": 2}, 7, 5)
    assert cells == {"female": SECONDARY, "male": "<5"}
    assert total == 7


def test_the_next_smallest_cell_is_hidden_not_the_largest() -> None:
    cells, total = suppress_breakdown({"a": 40, "b": 12, "c": 3, "d": 0}, 55, 10)
    assert cells == {"a": 40, "b": SECONDARY, "c": "<10", "d": 0}
    assert total == 55


def test_two_small_cells_need_no_complement() -> None:
    cells, total = suppress_breakdown({"a": 40, "b": 4, "c": 3}, 47, 10)
    assert cells == {"a": 40, "b": "<10", "c": "<10"} and total == 47


def test_a_lone_small_cell_among_zeros_hides_with_its_total() -> None:
    cells, total = suppress_breakdown({"a": 0, "b": 4}, 4, 10)
    assert cells == {"a": 0, "b": "<10"} and total == "<10"


def _lines_hold(grid: disclosure.Grid) -> bool:  # type: ignore[type-arg]
    lines = [[*grid.cells[r].values(), grid.row_totals[r]] for r in grid.cells]
    lines += [
        [*(grid.cells[r][c] for r in grid.cells), grid.column_totals[c]] for c in grid.column_totals
    ]
    lines.append([*grid.row_totals.values(), grid.total])
    lines.append([*grid.column_totals.values(), grid.total])
    return all(sum(isinstance(v, str) for v in line) != 1 for line in lines)


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
        min_size=1,
        max_size=6,
    )
)
def test_no_line_of_a_grid_has_exactly_one_hidden_value(rows: list[list[int]]) -> None:
    counts = {f"r{i}": dict(zip("abc", row, strict=True)) for i, row in enumerate(rows)}
    grid = suppress_grid(counts, "abc", 10)
    assert _lines_hold(grid)
    shown = [
        *(v for r in grid.cells.values() for v in r.values()),
        *grid.row_totals.values(),
        *grid.column_totals.values(),
        grid.total,
    ]
    assert not any(isinstance(v, int) and 0 < v < 10 for v in shown)


@given(st.dictionaries(st.text(max_size=3), st.integers(min_value=0, max_value=40), max_size=8))
def test_no_breakdown_gives_a_hidden_value_away(cells: dict[str, int]) -> None:
    shown, total = suppress_breakdown(cells, sum(cells.values()), 10)
    values = [*shown.values(), total]
    assert sum(isinstance(v, str) for v in values) != 1
    assert not any(isinstance(v, int) and 0 < v < 10 for v in values)


def test_the_library_imports_no_django_and_no_app() -> None:
    for path in Path(disclosure.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert not name.startswith(("django", "ctis.")) or name.startswith("ctis.lib")
