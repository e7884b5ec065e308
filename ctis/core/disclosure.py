"""The small-cell threshold from its one setting, and the context of the shared count
tables; the rule itself is ``ctis.lib.disclosure``."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.conf import settings

from ctis.lib.disclosure import Shown


def threshold() -> int:
    """``CTIS_SMALL_CELL_THRESHOLD`` (default 10): counts of 1 to threshold - 1 are hidden."""
    return int(settings.CTIS_SMALL_CELL_THRESHOLD)


def grid_context(
    shown: Mapping[Hashable, Shown],
    name: str,
    title: Any,
    rows: Iterable[tuple[Hashable, Any]],
    columns: Iterable[tuple[Hashable, Any]],
    total: Hashable,
) -> dict[str, Any]:
    """The context of ``core/_grid.html`` for a grid given to ``Tables.grid`` as ``name``;
    ``rows`` and ``columns`` are (key, label) in display order."""
    rows, columns = list(rows), list(columns)
    return {
        "key": name,
        "title": title,
        "column_labels": [label for _c, label in columns],
        "grid_rows": [
            (label, [shown[(name, r, c)] for c, _l in columns], shown[(name, r, None)])
            for r, label in rows
        ],
        "column_totals": [shown[(name, None, c)] for c, _l in columns],
        "grand_total": shown[total],
    }
