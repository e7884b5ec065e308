"""``ctis screen`` against the command-line contract of shared/domain/screening.md."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from ctis.screening import batch
from ctis.screening.batch import BatchScreener
from ctis.screening.catalogue import Catalogue
from ctis.screening.cli import main
from ctis.screening.parallel import screen_file

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
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def lines_of(output: bytes) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in output.splitlines()]


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


# --- several processes -------------------------------------------------------------------------


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


@pytest.mark.parametrize("scratch", [True, False])
def test_several_processes_keep_the_input_order(
    tmp_path: Path, catalogue: Catalogue, scratch: bool
) -> None:
    source = jsonl(tmp_path / "in.jsonl", *many_records(600))
    sequential = io.BytesIO()
    screen_file(BatchScreener(catalogue), str(source), sequential, jobs=1)
    with (tmp_path / "out.jsonl").open("wb") as handle:
        outcome = screen_file(
            BatchScreener(catalogue), str(source), handle, jobs=2, chunk_bytes=2000, scratch=scratch
        )
    assert outcome.errors == []
    assert outcome.records == 600
    parallel = (tmp_path / "out.jsonl").read_bytes()
    assert parallel == sequential.getvalue()
    assert [r["id"] for r in lines_of(parallel)] == [f"r{n}" for n in range(600)]


def test_several_processes_to_a_pipe_keep_the_input_order(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    source = jsonl(tmp_path / "in.jsonl", *many_records(300))
    piped = io.BytesIO()  # not a regular file: the parent receives the chunks in order
    screen_file(BatchScreener(catalogue), str(source), piped, jobs=2, chunk_bytes=2000)
    assert [r["id"] for r in lines_of(piped.getvalue())] == [f"r{n}" for n in range(300)]


def test_several_processes_name_the_right_line_of_a_late_error(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    records = many_records(500)
    records[456]["answers"]["dr.invented"] = "yes"
    source = jsonl(tmp_path / "in.jsonl", *records)
    output = io.BytesIO()
    outcome = screen_file(BatchScreener(catalogue), str(source), output, jobs=2, chunk_bytes=2000)
    assert [(e.line, e.record_id, e.item) for e in outcome.errors] == [(457, "r456", "dr.invented")]
    assert output.getvalue() == b""


def test_errors_stop_after_twenty(tmp_path: Path, catalogue: Catalogue) -> None:
    source = jsonl(
        tmp_path / "in.jsonl", *[{"id": str(n), "answers": {"x": "yes"}} for n in range(30)]
    )
    outcome = screen_file(BatchScreener(catalogue), str(source), io.BytesIO(), jobs=1)
    assert [e.line for e in outcome.errors] == list(range(1, batch.MAX_ERRORS + 1))


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


@pytest.mark.parametrize("jobs", [1, 2])
def test_errors_in_several_chunks_are_all_numbered_in_the_whole_file(
    tmp_path: Path, catalogue: Catalogue, jobs: int
) -> None:
    records = many_records(500)
    records[99]["answers"]["cd.made_up"] = "yes"
    records[456]["age"] = -3
    source = jsonl(tmp_path / "in.jsonl", *records)
    outcome = screen_file(
        BatchScreener(catalogue), str(source), io.BytesIO(), jobs=jobs, chunk_bytes=2000
    )
    assert [(e.line, e.record_id, e.item) for e in outcome.errors] == [
        (100, "r99", "cd.made_up"),
        (457, "r456", "age"),
    ]


def test_a_reader_that_goes_away_does_not_leave_ctis_screen_hanging(tmp_path: Path) -> None:
    answers = {item: "no" for item in ["dr.wages", "dr.housing", "cr.violence", "ex.bad_living"]}
    record = {"id": "x" * 40, "age": 30, "answers": {**answers, "ex.excessive_hours": "yes"}}
    line = orjson.dumps(record) + b"\n"
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
