"""Small-cell suppression: the one rule for every count ctis shows outside a case file.

No Django import. The threshold comes from one setting, ``CTIS_SMALL_CELL_THRESHOLD``
(default 10), read by ``ctis.core.disclosure.threshold()``; everything here takes it as an
argument.

The method (the "suppress the next smallest" rule of national statistical offices, applied to
every additive line of a table):

1. **Primary suppression.** A count of 1 to ``threshold - 1`` people is shown as ``<k``. Zero
   is shown: it identifies no one.
2. **Complementary (secondary) suppression.** A table's lines add up: the cells of a row and
   its total, the cells of a column and its total, the breakdown of a headline and the headline.
   A line with exactly one hidden value gives it away (total 7, women 5, men <5 means men 2).
   So, while some line has exactly one hidden value, the smallest other non-zero shown value of
   that line is hidden too, shown as ``x``; a line whose other values are all zero hides its
   total instead. Repeat until no line has exactly one hidden value.
3. **Rates and medians** are shown only when the number of people behind them reaches the
   threshold (``enough``): a median wait over three referrals describes three people.

Examples:
    >>> suppress(3, 10)
    '<10'
    >>> suppress(0, 10), suppress(12, 10)
    (0, 12)
    >>> cells, total = suppress_breakdown({"female": 15, "male": 2}, 17, 10)
    >>> cells, total
    ({'female': 'x', 'male': '<10'}, 17)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

#: How a complementary-suppressed value is shown (Statistics Canada's and Eurostat's mark).
SECONDARY = "x"

Shown = int | str


def is_small(count: int, threshold: int) -> bool:
    """Whether ``count`` people are too few to show (zero is not: it identifies no one)."""
    return 0 < count < threshold


def primary(threshold: int) -> str:
    """How a count below the threshold is shown."""
    return f"<{threshold}"


def suppress(count: int, threshold: int) -> Shown:
    """A count of people as it may be shown alone (no total that could give it away)."""
    return primary(threshold) if is_small(count, threshold) else count


def enough(people: int, threshold: int) -> bool:
    """Whether a rate or a median over ``people`` people may be shown."""
    return people >= max(threshold, 1)


def _settle(
    values: list[int], lines: Iterable[list[int]], hidden: set[int], threshold: int
) -> None:
    """Complementary suppression over ``lines`` (lists of indexes into ``values``; each line
    is one additive equation, its total included). Grows ``hidden`` in place."""
    lines = [line for line in lines if len(line) > 1]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for i in line if i in hidden) != 1:
                continue
            candidates = [i for i in line if i not in hidden and values[i] > 0]
            if not candidates:
                continue  # the hidden value is the only non-zero one: nothing to add it to
            # The smallest other value costs least; the last index of a line is its total,
            # hidden only when nothing else can be.
            inner = [i for i in candidates if i != line[-1]] or candidates
            hidden.add(min(inner, key=lambda i: (values[i], i)))
            changed = True


def _shown(values: list[int], hidden: set[int], first: set[int], threshold: int) -> list[Shown]:
    return [
        (primary(threshold) if i in first else SECONDARY) if i in hidden else v
        for i, v in enumerate(values)
    ]


def suppress_linked(
    values: Mapping[K, int], lines: Iterable[Sequence[K]], threshold: int
) -> dict[K, Shown]:
    """Several tables shown together: ``values`` by key, and every additive line among them
    (keys of its parts, then the key of their total), across tables too (the presumed and the
    identified of a status table add up to the total of a table of victims by sex).

    Returns every value as it may be shown.
    """
    keys = list(values)
    position = {key: i for i, key in enumerate(keys)}
    numbers = [int(values[key]) for key in keys]
    first = {i for i, v in enumerate(numbers) if is_small(v, threshold)}
    hidden = set(first)
    _settle(numbers, [[position[key] for key in line] for line in lines], hidden, threshold)
    shown = _shown(numbers, hidden, first, threshold)
    return dict(zip(keys, shown, strict=True))


def suppress_breakdown(
    cells: Mapping[K, int], total: int, threshold: int
) -> tuple[dict[K, Shown], Shown]:
    """A one-way breakdown that adds up to ``total`` (a headline shown elsewhere on the page
    counts as this total): primary and complementary suppression.

    Returns the cells as they may be shown, in the same order, and the total.
    """
    keys = list(cells)
    values = [int(cells[k]) for k in keys] + [int(total)]
    first = {i for i, v in enumerate(values) if is_small(v, threshold)}
    hidden = set(first)
    _settle(values, [list(range(len(values)))], hidden, threshold)
    shown = _shown(values, hidden, first, threshold)
    return dict(zip(keys, shown[:-1], strict=True)), shown[-1]


@dataclass(frozen=True)
class Grid(Generic[R, C]):
    """A two-way table as it may be shown: cells, row totals, column totals, grand total."""

    cells: dict[R, dict[C, Shown]]
    row_totals: dict[R, Shown]
    column_totals: dict[C, Shown]
    total: Shown


def suppress_grid(
    counts: Mapping[R, Mapping[C, int]], columns: Iterable[C], threshold: int
) -> Grid[R, C]:
    """A rows × columns table with its margins (computed here from ``counts``), suppressed so
    that no row, no column and neither margin gives a hidden cell away."""
    rows = list(counts)
    cols = list(columns)
    values: list[int] = []
    index: dict[tuple[object, object], int] = {}

    def put(key: tuple[object, object], value: int) -> None:
        index[key] = len(values)
        values.append(int(value))

    for r in rows:
        for c in cols:
            put((r, c), counts[r].get(c, 0))
        put((r, None), sum(counts[r].get(c, 0) for c in cols))
    for c in cols:
        put((None, c), sum(counts[r].get(c, 0) for r in rows))
    put((None, None), sum(values[index[(r, None)]] for r in rows))
    lines = [[index[(r, c)] for c in cols] + [index[(r, None)]] for r in rows]
    lines += [[index[(r, c)] for r in rows] + [index[(None, c)]] for c in cols]
    lines.append([index[(r, None)] for r in rows] + [index[(None, None)]])
    lines.append([index[(None, c)] for c in cols] + [index[(None, None)]])
    first = {i for i, v in enumerate(values) if is_small(v, threshold)}
    hidden = set(first)
    _settle(values, lines, hidden, threshold)
    shown = _shown(values, hidden, first, threshold)
    return Grid(
        cells={r: {c: shown[index[(r, c)]] for c in cols} for r in rows},
        row_totals={r: shown[index[(r, None)]] for r in rows},
        column_totals={c: shown[index[(None, c)]] for c in cols},
        total=shown[index[(None, None)]],
    )


def derivable(values: Mapping[str, Shown], total: Shown) -> bool:
    """Whether a shown breakdown gives away a hidden value: exactly one hidden value in a line
    whose total is shown (used by the tests that walk every aggregate page)."""
    hidden = [v for v in values.values() if isinstance(v, str)]
    return isinstance(total, int) and len(hidden) == 1


class Tables:
    """The tables of one page or report section, suppressed together (``suppress_linked``).

    Examples:
        >>> t = Tables()
        >>> t.value("cases", 17)
        >>> t.breakdown("sex", {"female": 15, "male": 2}, total="cases")
        >>> shown = t.suppressed(10)
        >>> shown["cases"], shown[("sex", "female")], shown[("sex", "male")]
        (17, 'x', '<10')
    """

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.lines: list[list[Hashable]] = []

    def value(self, key: Hashable, count: int) -> None:
        self.values[key] = int(count)

    def line(self, parts: Iterable[Hashable], total: Hashable) -> None:
        """An equation among values already given: ``parts`` add up to ``total``."""
        self.lines.append([*parts, total])

    def breakdown(self, name: str, cells: Mapping[Any, int], *, total: Hashable) -> None:
        """Cells keyed ``(name, cell)`` that add up to the value ``total``."""
        for cell, count in cells.items():
            self.values[(name, cell)] = int(count)
        self.line([(name, cell) for cell in cells], total)

    def grid(
        self,
        name: str,
        counts: Mapping[Any, Mapping[Any, int]],
        rows: Iterable[Hashable],
        columns: Iterable[Hashable],
        *,
        total: Hashable,
    ) -> None:
        """Cells keyed ``(name, row, column)``, row totals ``(name, row, None)``, column
        totals ``(name, None, column)``; the grand total is the value ``total``."""
        rows, columns = list(rows), list(columns)
        for r in rows:
            for c in columns:
                self.values[(name, r, c)] = int(counts.get(r, {}).get(c, 0))
            self.values[(name, r, None)] = sum(self.values[(name, r, c)] for c in columns)
            self.line([(name, r, c) for c in columns], (name, r, None))
        for c in columns:
            self.values[(name, None, c)] = sum(self.values[(name, r, c)] for r in rows)
            self.line([(name, r, c) for r in rows], (name, None, c))
        self.line([(name, r, None) for r in rows], total)
        self.line([(name, None, c) for c in columns], total)

    def suppressed(self, threshold: int) -> dict[Hashable, Shown]:
        return suppress_linked(self.values, self.lines, threshold)
