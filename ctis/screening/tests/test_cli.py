"""``ctis screen`` against the command-line contract of shared/domain/screening.md."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctis.screening import rules
from ctis.screening.catalogue import load_catalogue
from ctis.screening.cli import MAX_ERRORS, main

CONTRACT_FIELDS = [
    "id",
    "result",
    "profile",
    "warnings",
    "dimensions",
    "red_flags",
    "completeness",
    "catalogue",
    "explanation",
]
TRAFFICKED = dict.fromkeys(
    ["dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary", "cd.isolation",
     "cd.violence"],
    "yes",
)  # fmt: skip


def jsonl(path: Path, *records: Any) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def lines_of(output: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return jsonl(
        tmp_path / "in.jsonl",
        {"id": "a-1", "age": 34, "age_at_exploitation": None, "exploitation": "labour",
         "answers": {**TRAFFICKED, "rf.immediate_danger": "yes"}},
        {"id": "c-2", "age": 15, "exploitation": "unknown", "answers": {"dr.wages": "no"}},
    )  # fmt: skip


def test_each_line_follows_the_contract(
    sample: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main([str(sample)]) == 0
    first, second = lines_of(capsysbinary.readouterr().out)
    assert list(first) == CONTRACT_FIELDS
    assert first["id"] == "a-1"
    assert first["result"] == "trafficking_pattern"
    assert first["profile"] == "adult_labour"
    assert first["warnings"] == []
    assert first["dimensions"]["cd"] == {
        "positive": True, "S": 2, "M": 0, "W": 0, "indicators": ["cd.isolation", "cd.violence"],
    }  # fmt: skip
    assert first["red_flags"] == [
        {
            "id": "rf.immediate_danger",
            "action": "call the police and arrange safe accommodation now",
        }
    ]
    assert first["completeness"] == round(6 / 67, 4)
    assert first["catalogue"] == "ilo-ec-2009@2009.1-draft"
    assert first["explanation"].startswith("Act at once (call the police")
    assert (second["id"], second["result"], second["profile"]) == (
        "c-2",
        "no_indicators",
        "child_labour",
    )
    assert second["warnings"] == [
        "profile child_sexual is not in catalogue ilo-ec-2009@2009.1-draft: not evaluated"
    ]
    assert second["completeness"] == round(1 / 65, 4)


def test_catalogue_can_be_named_with_its_version(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main([str(sample), "--catalogue", "ilo-ec-2009@2009.1-draft", "-o", str(out)]) == 0
    assert [r["catalogue"] for r in lines_of(out.read_bytes())] == ["ilo-ec-2009@2009.1-draft"] * 2


def test_an_unknown_catalogue_is_an_error(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(sample), "--catalogue", "ilo-ec-2009@1999"]) == 2
    captured = capsys.readouterr()
    assert "no catalogue 'ilo-ec-2009@1999'" in captured.err
    assert captured.out == ""


def test_table_format_has_a_row_per_record(
    sample: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main([str(sample), "--format", "table"]) == 0
    rows = capsysbinary.readouterr().out.decode().splitlines()
    assert rows[0].split() == ["id", "result", "profile", "positive", "complete", "red", "flags",
                               "warnings"]  # fmt: skip
    assert rows[1].split() == ["a-1", "trafficking_pattern", "adult_labour", "dr", "ex", "cd",
                               "9%", "rf.immediate_danger", "0"]  # fmt: skip
    assert rows[2].split() == ["c-2", "no_indicators", "child_labour", "-", "2%", "-", "1"]


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        (
            {"id": "b-3", "answers": {"dr.wages": "yes", "xx.made_up": "no"}},
            ":3 (record 'b-3'): unknown indicator id 'xx.made_up'",
        ),
        (
            {"id": "b-3", "answers": {"dr.wages": "often"}},
            ":3 (record 'b-3'): indicator 'dr.wages' has unknown value 'often'",
        ),
        ({"id": "b-3", "age": 200, "answers": {}}, ":3 (record 'b-3'): field 'age' must be"),
    ],
)
def test_a_malformed_line_is_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_line: Any, expected: str
) -> None:
    source = jsonl(
        tmp_path / "in.jsonl",
        {"id": "ok-1", "answers": TRAFFICKED},
        {"id": "ok-2", "answers": {}},
        bad_line,
        {"id": "ok-4", "answers": {}},
    )
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert f"{source}{expected}" in captured.err
    assert "no output written" in captured.err
    assert captured.out == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind


def test_invalid_json_is_named_with_its_line_and_nothing_goes_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "ok", "answers": {}}\n{"id": "broken", "answers": {\n')
    assert main([str(source)]) == 1
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert f"{source}:2: not valid JSON".encode() in captured.err


def test_an_existing_output_file_is_left_alone_on_error(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "in.jsonl", {"id": "x", "answers": {"nope": "yes"}})
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"earlier results\n")
    assert main([str(source), "-o", str(out)]) == 1
    assert out.read_bytes() == b"earlier results\n"


def test_blank_lines_are_skipped_and_line_numbers_still_count_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "answers": {}}\n\n   \n{"id": "b", "answers": {"q": "yes"}}\n')
    assert main([str(source)]) == 1
    assert f"{source}:4 (record 'b'): unknown indicator id 'q'" in capsys.readouterr().err
    source.write_bytes(b'{"id": "a", "answers": {}}\n\n{"id": "b", "answers": {}}')
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out)]) == 0
    assert [r["id"] for r in lines_of(out.read_bytes())] == ["a", "b"]


def test_a_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "nothing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


# --- many records --------------------------------------------------------------------------


def many_records(count: int) -> list[dict[str, Any]]:
    ids = ["dr.wages", "cr.violence", "avr.economic_reasons", "ex.excessive_hours",
           "ex.low_no_salary", "cd.isolation", "cd.violence", "avd.dependency",
           "act.recruited_or_moved", "rf.medical_emergency"]  # fmt: skip
    values = ["yes", "no", "unknown"]
    return [
        {
            "id": f"r{n}",
            "age": 10 + n % 50,
            "exploitation": ["labour", "sexual", "both", "unknown"][n % 4],
            "answers": {item: values[(n >> k) % 3] for k, item in enumerate(ids)},
        }
        for n in range(count)
    ]


def test_many_records_keep_the_input_order(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "in.jsonl", *many_records(600))
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out)]) == 0
    assert [r["id"] for r in lines_of(out.read_bytes())] == [f"r{n}" for n in range(600)]


def test_errors_far_apart_are_all_named_with_their_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    records = many_records(500)
    records[99]["answers"]["cd.made_up"] = "yes"
    records[456]["age"] = -3
    source = jsonl(tmp_path / "in.jsonl", *records)
    assert main([str(source)]) == 1
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    errors = captured.err.decode().splitlines()
    assert errors[:2] == [
        f"{source}:100 (record 'r99'): unknown indicator id 'cd.made_up'",
        f"{source}:457 (record 'r456'): field 'age' must be a whole number 0-130 or null",
    ]
    assert errors[2] == "ctis screen: 2 malformed line(s); no output written"


def test_errors_stop_after_twenty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = jsonl(
        tmp_path / "in.jsonl", *[{"id": str(n), "answers": {"x": "yes"}} for n in range(30)]
    )
    assert main([str(source)]) == 1
    *errors, summary = capsys.readouterr().err.splitlines()
    assert [int(e.split(":")[1].split()[0]) for e in errors] == list(range(1, MAX_ERRORS + 1))
    assert (
        summary
        == "ctis screen: 20 malformed line(s) (stopped after the first 20); no output written"
    )


# --- the same results as before, byte for byte --------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "screen"


def test_a_varied_file_gives_byte_for_byte_what_ctis_screen_gave_before(tmp_path: Path) -> None:
    """612 generated records (every result, both age groups, unknown ages, red flags, warnings,
    ids in other scripts and with characters JSON escapes, a blank line, no final newline) and
    the output of ctis screen before its engine was reduced to ``rules.py`` (the numpy path,
    itself checked against the rules)."""
    source = tmp_path / "varied.jsonl"
    source.write_bytes(gzip.decompress((FIXTURES / "varied.jsonl.gz").read_bytes()))
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out)]) == 0
    expected = gzip.decompress((FIXTURES / "varied.expected.jsonl.gz").read_bytes())
    assert out.read_bytes() == expected
    results = {r["result"] for r in lines_of(expected)}
    assert results == set(rules.RESULTS)


CATALOGUE = load_catalogue()
AGE = st.none() | st.integers(min_value=0, max_value=130)
RECORDS = st.fixed_dictionaries(
    {
        "id": st.text(max_size=12),
        # Weighted towards yes so that every result level is reached often.
        "answers": st.dictionaries(
            st.sampled_from(sorted(CATALOGUE.answerable_ids)),
            st.sampled_from(["yes", "yes", "no", "unknown"]),
            max_size=60,
        ),
    },
    # Missing or null fields are allowed by the contract.
    optional={
        "age": AGE,
        "age_at_exploitation": AGE,
        "exploitation": st.none() | st.sampled_from(["labour", "sexual", "both", "unknown"]),
    },
)


@settings(
    max_examples=100,
    deadline=None,  # each example writes and reads files
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(RECORDS, min_size=1, max_size=20))
def test_each_line_is_the_reference_engines_result_as_compact_json(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    source = jsonl(tmp_path / "in.jsonl", *records)
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out)]) == 0
    lines = out.read_bytes().splitlines()
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        result = rules.screen(CATALOGUE, rules.parse_record(CATALOGUE, record)).to_dict()
        assert line == json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()


def test_ctis_screen_runs_without_django(sample: Path) -> None:
    code = (
        "import sys; from ctis.cli import main; "
        f"status = main(['ctis', 'screen', {str(sample)!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert [r["id"] for r in lines_of(done.stdout)] == ["a-1", "c-2"]


def test_a_reader_that_goes_away_does_not_leave_ctis_screen_hanging(tmp_path: Path) -> None:
    answers = {item: "no" for item in ["dr.wages", "dr.housing", "cr.violence", "ex.bad_living"]}
    record = {"id": "x" * 40, "age": 30, "answers": {**answers, "ex.excessive_hours": "yes"}}
    line = json.dumps(record).encode() + b"\n"
    source = tmp_path / "big.jsonl"
    source.write_bytes(line * (5_000_000 // len(line)))  # big enough for several processes
    process = subprocess.Popen(
        [sys.executable, "-m", "ctis.cli", "screen", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    assert process.stdout.read(100).startswith(b'{"id":"xxxx')
    process.stdout.close()
    assert process.wait(timeout=60) in (0, 1)
