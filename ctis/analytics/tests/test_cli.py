"""``ctis prevalence``: the command-line contract of shared/domain/flow-monitoring.md."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ctis.analytics.cli import main

GOLDEN = Path(__file__).parent / "golden"
SRS = str(GOLDEN / "srs.csv")
DESIGN = str(GOLDEN / "design.csv")
CONTRACT = {
    "indicator", "group", "n", "positives", "excluded", "estimate", "se", "ci_low", "ci_high",
    "method", "level",
}  # fmt: skip


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> dict[str, Any]:
    code, out, err = run(*argv, "--format", "json")
    assert (code, err) == (0, "")
    payload: dict[str, Any] = json.loads(out)
    return payload


def test_json_results_carry_every_contract_field() -> None:
    payload = run_json(SRS)
    assert payload["results"]
    for result in payload["results"]:
        assert set(result) >= CONTRACT
    names = {r["indicator"] for r in payload["results"]}
    assert {"any_indicator", "two_or_more_indicators", "any_indicator_family_only"} <= names
    assert "ht_forced_work" in names


def test_default_is_wilson_at_95_percent_for_a_simple_sample() -> None:
    payload = run_json(SRS, "--indicator", "any_indicator")
    (result,) = payload["results"]
    assert (result["method"], result["level"], result["group"]) == ("wilson", 0.95, {})
    assert result["ci_low"] < result["estimate"] < result["ci_high"]
    assert result["n"] + result["excluded"] == 400
    assert payload["design"] == "simple random sample"


def test_default_is_logit_for_a_design() -> None:
    payload = run_json(DESIGN, "--indicator", "any_indicator")
    assert payload["results"][0]["method"] == "logit"
    assert payload["results"][0]["df"] == 22


def test_repeated_by_gives_separate_breakdowns_after_the_whole_sample() -> None:
    payload = run_json(DESIGN, "--indicator", "any_indicator", "--by", "sex", "--by", "child")
    groups = [r["group"] for r in payload["results"]]
    assert groups[0] == {}
    assert {"sex": "female"} in groups and {"child": "adult"} in groups
    assert all(len(g) <= 1 for g in groups)


def test_comma_separated_by_gives_the_crossed_breakdown() -> None:
    payload = run_json(DESIGN, "--indicator", "any_indicator", "--by", "sex,country_of_interview")
    crossed = [r["group"] for r in payload["results"][1:]]
    assert {"sex": "male", "country_of_interview": "RS"} in crossed
    assert all(set(g) == {"sex", "country_of_interview"} for g in crossed)


def test_groups_add_up_to_the_whole_sample() -> None:
    payload = run_json(SRS, "--indicator", "ht_forced_work", "--by", "sex")
    whole, *groups = payload["results"]
    assert sum(g["n"] for g in groups) == whole["n"]
    assert sum(g["positives"] for g in groups) == whole["positives"]
    assert sum(g["excluded"] for g in groups) == whole["excluded"]


def test_as_no_excludes_nobody() -> None:
    payload = run_json(SRS, "--missing", "as-no", "--indicator", "any_indicator")
    assert payload["results"][0]["excluded"] == 0


def test_level_and_method_are_applied_and_reported() -> None:
    narrow = run_json(SRS, "--indicator", "any_indicator", "--level", "0.9", "--method", "exact")
    wide = run_json(SRS, "--indicator", "any_indicator", "--level", "0.99", "--method", "exact")
    (a,), (b,) = narrow["results"], wide["results"]
    assert (a["method"], a["level"]) == ("exact", 0.9)
    assert b["ci_low"] < a["ci_low"] < a["ci_high"] < b["ci_high"]


def test_zero_estimate_on_a_design_reports_beta_and_says_so() -> None:
    payload = run_json(DESIGN, "--indicator", "ht_organ_offer")
    result = payload["results"][0]
    assert (result["estimate"], result["method"]) == (0.0, "beta")
    assert "no logit interval" in result["note"]


def test_csv_has_one_column_per_breakdown_column() -> None:
    code, out, _ = run(SRS, "--indicator", "any_indicator", "--by", "sex", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert rows[0]["breakdown"] == "" and rows[0]["sex"] == ""
    assert {r["sex"] for r in rows[1:]} == {"female", "male", "other", "refused"}


def test_hxl_puts_a_hashtag_on_every_column_and_suppresses_small_cells() -> None:
    code, out, _ = run(SRS, "--indicator", "any_indicator", "--by", "sex", "--format", "hxl")
    header, tags, *rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert len(tags) == len(header)
    assert all(tag.startswith("#") for tag in tags)
    other = next(dict(zip(header, r, strict=True)) for r in rows if "other" in r)
    assert other["suppressed"] == "true" and other["estimate"] == ""
    assert other["n"] == "" and other["positives"] == ""  # no count of people under 10


def test_table_shows_percentages() -> None:
    code, out, _ = run(SRS, "--indicator", "any_indicator")
    assert code == 0
    assert "any_indicator" in out and "%" in out


def test_bad_value_exits_non_zero_naming_row_and_column(tmp_path: Path) -> None:
    lines = (GOLDEN / "srs.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index("ht_job_offer")] = "sometimes"
    lines[5] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(str(bad))
    assert code == 2 and out == ""
    assert "row 6, column ht_job_offer: 'sometimes'" in err


def test_wilson_on_a_design_is_refused_with_the_reason() -> None:
    code, _, err = run(DESIGN, "--method", "wilson")
    assert code == 2
    assert "use --method logit or --method beta" in err


def test_lonely_psu_fails_unless_adjusted() -> None:
    lonely = str(GOLDEN / "lonely.csv")
    code, _, err = run(lonely)
    assert code == 2 and "stratum S2 has only one PSU" in err
    assert run(lonely, "--lonely-psu", "adjust")[0] == 0


def test_unknown_breakdown_column_is_an_error() -> None:
    code, _, err = run(SRS, "--by", "nationality")
    assert code == 2 and "--by nationality" in err


def test_missing_file_is_an_error() -> None:
    code, _, err = run("/nonexistent/survey.csv")
    assert code == 2 and "no such file" in err


def test_ctis_prevalence_runs_without_django() -> None:
    script = (
        "import sys\n"
        "from ctis.cli import main\n"
        f"code = main(['ctis', 'prevalence', {SRS!r}, '--format', 'json'])\n"
        "assert code == 0, code\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]
