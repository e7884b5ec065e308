"""``ctis linkage dedupe|encode|match`` on files alone: outputs, errors, no plaintext."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ctis.cli import main as ctis_main
from ctis.linkage.cli import main
from ctis.linkage.records import write_records
from ctis.linkage.synthetic import dedupe_population, two_country_populations

HEADER = (
    "record_id,given_name,family_name,father_name,sex,birth_date,birth_place,nationality,country"
)


def _run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    return main(list(argv), stderr=err), err.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dedupe_writes_every_record_once(tmp_path: Path) -> None:
    population = dedupe_population(200, seed=3)
    source, output = tmp_path / "in.csv", tmp_path / "clusters.csv"
    write_records(source, population.records)
    assert ctis_main(["ctis", "linkage", "dedupe", str(source), "--output", str(output)]) == 0
    rows = _rows(output)
    assert list(rows[0]) == ["record_id", "cluster_id"]
    assert sorted(r["record_id"] for r in rows) == sorted(population.truth)
    clusters = {r["record_id"]: r["cluster_id"] for r in rows}
    assert len(set(clusters.values())) < len(clusters)  # some records were put together
    # A cluster is named by one of its records.
    assert all(clusters[c] == c for c in clusters.values())


def test_the_hard_cases_of_the_region(tmp_path: Path) -> None:
    """Spellings, scripts, swaps and dates join; brothers and namesakes stay apart."""
    background = dedupe_population(300, seed=8).records
    cases = (
        f"{HEADER}\n"
        "x1,Đorđe,Đurić,Zoran,M,1988-07-02,Niš,SRB,RS\n"
        "x2,Djordje,Djurich,Zoran,M,1988-02-07,Nis,SRB,MK\n"  # digraphs, day/month swapped
        "x3,Ђурић,Ђорђе,Зоран,M,1988,Ниш,,RS\n"  # Cyrillic, swapped, year only
        "x4,Đorđe,,Zoran,M,1989-07-02,Niš,SRB,BA\n"  # family missing, a year off
        "x5,Nemanja,Đurić,Zoran,M,1990-03-15,Niš,SRB,RS\n"  # his brother
        "y1,Yousef,Al-Khatib,Omar,M,1995-01-01,Aleppo,SYR,RS\n"
        "y2,يوسف,الخطيب,عمر,M,1995-05-20,Aleppo,SYR,MK\n"  # Arabic script, 1 January above
        "y3,Jusuf,Hatib,Omar,M,1995-05-20,Alepo,SYR,BA\n"  # typo-ish spellings
        "z1,Mohammad,Ahmadi,Rahim,M,1990-04-11,Herat,AFG,RS\n"
        "z2,Mohammad,Ahmadi,Javid,M,1978-09-30,Kunduz,AFG,RS\n"  # an unrelated namesake
    )
    source = tmp_path / "in.csv"
    write_records(source, background)
    with source.open("a", encoding="utf-8") as handle:
        handle.write("".join(cases.splitlines(keepends=True)[1:]))
    output = tmp_path / "clusters.csv"
    assert _run("dedupe", str(source), "--output", str(output)) == (0, "")
    clusters = {r["record_id"]: r["cluster_id"] for r in _rows(output)}
    assert clusters["x1"] == clusters["x2"] == clusters["x3"] == clusters["x4"]
    assert clusters["x5"] != clusters["x1"]
    assert clusters["y1"] == clusters["y2"] == clusters["y3"]
    assert clusters["z1"] != clusters["z2"]


def test_a_bad_file_gets_line_and_column_and_no_output(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(f"{HEADER}\nr1,Ana,Lukić,,F,1990-13-01,,SRB,RS\n", encoding="utf-8")
    for command in (
        ["dedupe", str(source), "--output", str(tmp_path / "out.csv")],
        ["encode", str(source), "--key-file", str(source), "--output", str(tmp_path / "out.jl")],
    ):
        code, err = _run(*command)
        assert code == 2
        assert "line 2, column birth_date: '1990-13-01': month out of range" in err
    assert list(tmp_path.iterdir()) == [source]


def test_encode_holds_no_plaintext_and_match_links_one_to_one(tmp_path: Path) -> None:
    a, b = two_country_populations(150, seed=21)
    key = tmp_path / "region.key"
    key.write_bytes(b"\x00\x01 a shared regional secret \xff")
    for name, population in (("a", a), ("b", b)):
        write_records(tmp_path / f"{name}.csv", population.records)
        assert _run("encode", str(tmp_path / f"{name}.csv"), "--key-file", str(key),
                    "--output", str(tmp_path / f"{name}.jsonl")) == (0, "")  # fmt: skip
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(a.records)
    # Everything but the filter itself (random-looking base64 may hold any 4 letters).
    text = "\n".join(
        json.dumps({k: v for k, v in json.loads(line).items() if k != "clk"}) for line in lines
    ).casefold()
    for record in a.records:
        for value in (record.given_name, record.family_name, record.father_name,
                      record.birth_place):  # fmt: skip
            if len(value) >= 4:
                assert value.casefold() not in text
        if record.birth_year:
            assert f"{record.birth_year}-" not in text
    first = json.loads(lines[0])
    assert set(first) == {"record_id", "scheme", "key_id", "clk"}

    output = tmp_path / "links.csv"
    assert _run("match", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"),
                "--output", str(output)) == (0, "")  # fmt: skip
    links = _rows(output)
    assert list(links[0]) == ["a_record_id", "b_record_id", "score"]
    assert len({r["a_record_id"] for r in links}) == len(links)
    assert len({r["b_record_id"] for r in links}) == len(links)
    right = sum(a.truth[r["a_record_id"]] == b.truth[r["b_record_id"]] for r in links)
    assert right >= 0.8 * len(links)

    # Another key: the files cannot be matched, and nothing is written.
    other = tmp_path / "other.key"
    other.write_bytes(b"another secret")
    assert _run("encode", str(tmp_path / "b.csv"), "--key-file", str(other),
                "--output", str(tmp_path / "b2.jsonl"))[0] == 0  # fmt: skip
    code, err = _run("match", str(tmp_path / "a.jsonl"), str(tmp_path / "b2.jsonl"),
                     "--output", str(tmp_path / "none.csv"))  # fmt: skip
    assert code == 2 and "different keys" in err
    assert not (tmp_path / "none.csv").exists()


def test_a_bad_encodings_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record_id": "a"}\nnot json\n', encoding="utf-8")
    code, err = _run("match", str(bad), str(bad), "--output", str(tmp_path / "l.csv"))
    assert code == 2
    assert "line 1, field clk" in err and "line 2, column 1: invalid JSON" in err


@pytest.mark.parametrize("argv", [["linkage"], ["linkage", "dedupe", "x.csv"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ctis.cli", *argv], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "usage: ctis linkage" in result.stderr
