"""Agreement with R's survey package on the golden designs (golden/make_golden.R wrote them)."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pytest

from ctis.analytics.prevalence import Options, Result, prevalence

GOLDEN = Path(__file__).parent / "golden"
RELATIVE = 1e-6
# Quantities that are exactly 0 in R (an SE at p = 0, a lower bound at 0) come out as 0 or
# within rounding of it here; relative agreement means nothing there.
ABSOLUTE = 1e-12

# The same cases as CASES in make_golden.R: file, missing rule, lonely-PSU rule.
CASES = {
    "srs": ("srs.csv", "exclude", "fail"),
    "srs_as_no": ("srs.csv", "as-no", "fail"),
    "weights": ("weights.csv", "exclude", "fail"),
    "design": ("design.csv", "exclude", "fail"),
    "lonely": ("lonely.csv", "exclude", "adjust"),
}


def _expected() -> dict[tuple[str, str, float], list[dict[str, str]]]:
    runs: dict[tuple[str, str, float], list[dict[str, str]]] = defaultdict(list)
    with (GOLDEN / "expected.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            runs[(row["case"], row["method"], float(row["level"]))].append(row)
    return dict(runs)


EXPECTED = _expected()


def _label(result: Result) -> str:
    return ";".join(f"{k}={v}" for k, v in result.group.items())


def _close(ours: float, theirs: str) -> bool:
    if theirs == "":
        return math.isnan(ours)
    reference = float(theirs)
    return abs(ours - reference) <= max(RELATIVE * abs(reference), ABSOLUTE)


def test_golden_file_covers_every_case_and_the_edge_cases() -> None:
    cases = {case for case, _, _ in EXPECTED}
    assert cases == set(CASES)
    rows = [row for run in EXPECTED.values() for row in run]
    assert any(row["estimate"] == "0" and row["method_used"] == "beta" for row in rows)
    assert any(row["by"] == "sex,age_group" for row in rows)
    assert any(row["case"] == "lonely" and row["method"] == "beta" for row in rows)


@pytest.mark.parametrize(("case", "method", "level"), sorted(EXPECTED))
def test_results_agree_with_r_survey_to_one_millionth(case: str, method: str, level: float) -> None:
    file, missing, lonely = CASES[case]
    rows = EXPECTED[(case, method, level)]
    bys = sorted({row["by"] for row in rows if row["by"]})
    report = prevalence(
        [GOLDEN / file],
        Options(
            breakdowns=tuple(tuple(b.split(",")) for b in bys),
            level=level,
            method=method,  # type: ignore[arg-type]
            missing=missing,  # type: ignore[arg-type]
            lonely_psu=lonely,  # type: ignore[arg-type]
        ),
    )
    ours = {(r.indicator, _label(r)): r for r in report.results}
    mismatches = []
    for row in rows:
        result = ours[(row["indicator"], row["group"])]
        counts = (result.n, result.positives, result.excluded)
        if counts != (int(row["n"]), int(row["positives"]), int(row["excluded"])):
            mismatches.append((row["indicator"], row["group"], "counts", counts))
        if result.method != row["method_used"]:
            mismatches.append((row["indicator"], row["group"], "method", result.method))
        if row["df"] and result.df != int(row["df"]):
            mismatches.append((row["indicator"], row["group"], "df", result.df))
        for name in ("estimate", "se", "ci_low", "ci_high"):
            if not _close(getattr(result, name), row[name]):
                mismatches.append((row["indicator"], row["group"], name, getattr(result, name)))
    assert mismatches == []
