"""Write the small synthetic survey files the golden results are computed from.

Everything here is invented: random draws from a fixed seed, no real respondent. The files are
committed; rerun this only to change the fixtures, then rerun ``make_golden.R`` (see its header).

    .venv/bin/python ctis/analytics/tests/golden/make_inputs.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
SET_ITEMS = ["unpaid_work", "forced_work", "job_offer", "marriage_offer", "held_against_will"]
OTHER_ITEMS = ["organ_offer", "physical_violence"]
COUNTRIES = ["RS", "MK", "GR", "BA"]
SEXES = ["male", "female", "other", "refused"]


def _answer(rng: np.random.Generator, p_yes: float, p_missing: float) -> str:
    u = rng.random()
    if u < p_missing:
        return str(rng.choice(["dont_know", "refused", ""]))
    return "yes" if rng.random() < p_yes else "no"


def _rows(
    rng: np.random.Generator,
    n: int,
    *,
    strata: int,
    clusters: list[int],
    design: str,
    zero_item: str | None = None,
) -> list[dict[str, str]]:
    """Rows of a canonical flow-monitoring file; ``design`` is srs, weights or full."""
    rows: list[dict[str, str]] = []
    psus = [(h, j) for h in range(strata) for j in range(clusters[h])]
    # A cluster effect makes the design effect visible, as in real monitoring-point days.
    effect = {psu: rng.normal(0.0, 0.8) for psu in psus}
    for i in range(n):
        h, j = psus[i % len(psus)] if i < len(psus) else psus[rng.integers(len(psus))]
        version = "fms-ct-2016" if rng.random() < 0.6 else "fms-ct-2017"
        base = 1 / (1 + np.exp(-(-1.8 + effect[(h, j)])))
        row = {
            "submission_id": f"syn-{design}-{i:05d}",
            "instrument_version": version,
            "survey_date": f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "country_of_interview": COUNTRIES[(h + j) % len(COUNTRIES)],
            "sex": str(rng.choice(SEXES, p=[0.6, 0.34, 0.03, 0.03])),
            "age": "" if rng.random() < 0.03 else str(int(rng.integers(8, 70))),
            "travelling_with": str(rng.choice(["alone", "family", "group_non_family"])),
        }
        if design != "srs":
            row["weight"] = f"{rng.uniform(0.5, 4.0) * (1 + h):.4f}"
        if design == "full":
            row["stratum"] = f"S{h}"
            # Cluster codes repeat across strata on purpose: nesting (nest=TRUE) must tell
            # cluster 1 of S0 from cluster 1 of S1.
            row["cluster"] = str(j + 1)
        for item in SET_ITEMS + OTHER_ITEMS:
            asked = not (item == "physical_violence" and version == "fms-ct-2016")
            p_yes = 0.0 if item == zero_item else base * (0.5 if item == "organ_offer" else 1)
            row[f"ht_{item}"] = _answer(rng, p_yes, 0.08) if asked else ""
        for item in SET_ITEMS:
            row[f"htf_{item}"] = _answer(rng, base * 0.4, 0.1)
        rows.append(row)
    return rows


def _write(name: str, rows: list[dict[str, str]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(20161201)
    _write("srs.csv", _rows(rng, 400, strata=1, clusters=[20], design="srs"))
    _write("weights.csv", _rows(rng, 500, strata=1, clusters=[25], design="weights"))
    _write(
        "design.csv",
        _rows(rng, 700, strata=4, clusters=[6, 8, 5, 7], design="full", zero_item="organ_offer"),
    )
    # Stratum S2 has a single PSU: an error unless the lonely-PSU rule is "adjust".
    _write("lonely.csv", _rows(rng, 300, strata=3, clusters=[5, 4, 1], design="full"))


if __name__ == "__main__":
    main()
