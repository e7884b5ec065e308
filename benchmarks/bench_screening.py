"""Screening at the sizes a field programme could reach, end to end (``make bench``).

1. ``ctis screen FILE -o OUT`` on 100,000 generated records (``CTIS_BENCH_SCREENING_RECORDS``),
   run as a subprocess: start-up, read, classify, write.
2. ``ctis screening import-offline`` of an ODK Central CSV export of 100,000 generated
   submissions (``CTIS_BENCH_SCREENING_IMPORT_ROWS``; 5% refusals), as a subprocess into a fresh
   SQLite database: start-up, read, check, classify, store, audit. Requirement: within 10 s.

The records are realistic and varied (ages, exploitation types, latent situations that drive the
chance of each ``yes``, stages skipped, questions skipped or answered ``unknown``, red flags,
the act question). Each figure is printed with the CPU time and the machine's load average.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ctis.screening.catalogue import Catalogue, load_catalogue

RECORDS = int(os.environ.get("CTIS_BENCH_SCREENING_RECORDS", "100000"))
IMPORT_ROWS = int(os.environ.get("CTIS_BENCH_SCREENING_IMPORT_ROWS", "100000"))
IMPORT_LIMIT = 10.0  # seconds, for 100,000 rows
SEED = 20260415
ORGANISATION = "Bench NGO"

# Latent situations and the chance that an indicator of each dimension is answered yes.
SITUATIONS: list[tuple[str, float, dict[str, float]]] = [
    ("none", 0.50, {"dr": 0.02, "cr": 0.01, "avr": 0.06, "ex": 0.03, "cd": 0.01, "avd": 0.05}),
    (
        "vulnerable",
        0.20,
        {"dr": 0.05, "cr": 0.02, "avr": 0.25, "ex": 0.05, "cd": 0.02, "avd": 0.25},
    ),
    ("exploited", 0.15, {"dr": 0.15, "cr": 0.03, "avr": 0.20, "ex": 0.40, "cd": 0.04, "avd": 0.20}),
    (
        "trafficked",
        0.15,
        {"dr": 0.35, "cr": 0.25, "avr": 0.30, "ex": 0.45, "cd": 0.35, "avd": 0.30},
    ),
]
EXPLOITATION = [("labour", 0.55), ("sexual", 0.10), ("both", 0.10), ("unknown", 0.25)]
LANGUAGES = [("fa", "AFG"), ("ps", "AFG"), ("ur", "PAK"), ("ar", "SYR"), ("en", "IND")]


def records(count: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """``count`` synthetic screening records as the ``ctis screen`` contract has them
    (deterministic for a seed)."""
    catalogue = load_catalogue()
    rng = random.Random(seed)
    # Questions in interview order, grouped by stage; a stage may be skipped as a whole.
    stages = [
        [
            (item, catalogue.indicators[item].dimension if item in catalogue.indicators else None)
            for item in catalogue.question_order
            if _stage(catalogue, item) == stage.id
        ]
        for stage in catalogue.stages
    ]
    weights = [s[1] for s in SITUATIONS]
    kinds = [k for k, _ in EXPLOITATION]
    kind_weights = [w for _, w in EXPLOITATION]
    random_ = rng.random
    for n in range(count):
        child = random_() < 0.2
        age = rng.randint(10, 17) if child else rng.randint(18, 64)
        at_exploitation = None
        if random_() < 0.3:
            at_exploitation = max(8, age - rng.randint(0, 6))
        _, _, chance = rng.choices(SITUATIONS, weights)[0]
        answers: dict[str, str] = {}
        for questions in stages:
            if random_() < 0.15:
                continue  # stage not asked
            for item, dimension in questions:
                roll = random_()
                if roll < 0.05:
                    continue  # skipped: missing means unknown
                if roll < 0.10:
                    answers[item] = "unknown"
                elif dimension is None:
                    p = 0.6 if item.startswith("act.") and chance["cr"] > 0.1 else 0.03
                    answers[item] = "yes" if random_() < p else "no"
                else:
                    answers[item] = "yes" if random_() < chance[dimension] else "no"
        yield {
            "id": f"scr-{n:07d}",
            "age": age,
            "age_at_exploitation": at_exploitation,
            "exploitation": rng.choices(kinds, kind_weights)[0],
            "answers": answers,
        }


def write_jsonl(path: Path, count: int, seed: int = SEED) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records(count, seed):
            out.write(json.dumps(record, separators=(",", ":")) + "\n")


def write_offline_export(path: Path, count: int, seed: int = SEED) -> None:
    """An ODK Central CSV export of the offline form: the same records as interviews, the
    questions a child or an adult is asked, and one in twenty who did not agree."""
    from ctis.screening.offline import xlsform

    catalogue = load_catalogue()
    stage_of = {item: _stage(catalogue, item) for item in catalogue.question_order}
    asked = {
        group: {
            *catalogue.profiles[f"{group}_labour"].indicators,
            *(f.id for f in catalogue.red_flags),
            *(catalogue.act_ids if group == "child" else ()),
        }
        for group in ("child", "adult")
    }
    consent = [f"consent-{name}" for name in xlsform.CONSENT_FIELDS]
    profile = [f"profile-{name}" for name in xlsform.PROFILE_FIELDS]
    questions = [f"{stage_of[item]}-{item}" for item in catalogue.question_order]
    header = ["start", "end", "catalogue", *consent, "consent_complete", *profile, *questions,
              "meta-instanceID", "KEY"]  # fmt: skip
    rng = random.Random(seed + 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        for n, record in enumerate(records(count, seed)):
            uuid = f"uuid:00000000-0000-4000-8000-{n:012d}"
            day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
            then = record["age_at_exploitation"]
            child = (then if then is not None else record["age"]) < 18
            row = {
                "start": f"{day}T09:15:00.000+01:00",
                "end": f"{day}T09:48:00.000+01:00",
                "catalogue": catalogue.ref,
                **{f"consent-{name}": "yes" for name in xlsform.TOLD},
                "consent-is_child": "yes" if child else "no",
                "meta-instanceID": uuid,
                "KEY": uuid,
            }
            if rng.random() < 0.05:
                row.update({"consent-consent_interview": "no", "consent_complete": "no"})
                writer.writerow(row)
                continue
            agreement = ("child_assent", "guardian_consent") if child else ("consent_interview",)
            row.update({f"consent-{name}": "yes" for name in agreement})
            language, nationality = rng.choice(LANGUAGES)
            row.update({
                "consent_complete": "yes",
                "profile-respondent_language": language,
                "profile-interpreter": "yes" if language != "en" else "no",
                "profile-age": str(record["age"]),
                "profile-age_at_exploitation": "" if then is None else str(then),
                "profile-sex": rng.choice(["female", "male", "other", "unknown"]),
                "profile-nationality": nationality,
                "profile-exploitation": record["exploitation"],
            })  # fmt: skip
            group = asked["child" if child else "adult"]
            for item, answer in record["answers"].items():
                if item in group:
                    row[f"{stage_of[item]}-{item}"] = answer
            writer.writerow(row)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ctis-bench-screening-") as tmp:
        _bench_screen(Path(tmp))
        _bench_import(Path(tmp))


def _bench_screen(tmp: Path) -> None:
    source = tmp / "screenings.jsonl"
    target = tmp / "results.jsonl"
    started = time.perf_counter()
    write_jsonl(source, RECORDS)
    print(
        f"generated {RECORDS:,} records ({source.stat().st_size / 1e6:,.0f} MB) "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    command = [sys.executable, "-m", "ctis.cli", "screen", str(source), "-o", str(target)]
    elapsed, cpu, peak = _run(command)
    lines = target.read_bytes().count(b"\n")
    assert lines == RECORDS, f"expected {RECORDS} output lines, got {lines}"
    print(
        f"ctis screen: {RECORDS:,} records in {elapsed:.2f} s = {RECORDS / elapsed:,.0f} "
        f"records/s end to end; CPU {cpu:.1f} s; peak memory {peak:,.0f} MB; "
        f"load average {_loadavg()}",
        flush=True,
    )


def _bench_import(tmp: Path) -> None:
    export = tmp / "offline.csv"
    started = time.perf_counter()
    write_offline_export(export, IMPORT_ROWS)
    print(
        f"generated an offline export of {IMPORT_ROWS:,} submissions "
        f"({export.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    env = {
        **os.environ,
        "CTIS_ENV": "development",
        "CTIS_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ctis.settings",
    }
    ctis = [sys.executable, "-m", "ctis.cli"]
    subprocess.run([*ctis, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    setup = (
        "from ctis.accounts.models import Country, Organisation; "
        "country, _ = Country.objects.get_or_create(code='BA', defaults={'name': 'Bosnia'}); "
        f"Organisation.objects.create(name={ORGANISATION!r}, kind='ngo', country=country)"
    )
    subprocess.run([*ctis, "shell", "-c", setup], env=env, check=True)  # noqa: S603
    command = [*ctis, "screening", "import-offline", str(export), "--organisation", ORGANISATION]
    elapsed, cpu, peak = _run(command, env=env)
    verdict = "meets" if elapsed <= IMPORT_LIMIT * IMPORT_ROWS / 100_000 else "MISSES"
    print(
        f"ctis screening import-offline: {IMPORT_ROWS:,} submissions in {elapsed:.2f} s end to "
        f"end ({verdict} {IMPORT_LIMIT:.0f} s per 100,000); CPU {cpu:.1f} s; peak memory "
        f"{peak:,.0f} MB; load average {_loadavg()}",
        flush=True,
    )


# The peak memory of a child, measured in a small launcher: this (large, after generating)
# process's own peak would otherwise be inherited across exec.
_PEAK_OF_CHILD = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of a command; its own output is shown."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-S", "-c", _PEAK_OF_CHILD, *command],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    *shown, peak = done.stdout.splitlines()
    for line in shown:
        print(f"  {line}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, int(peak) / 1024


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _stage(catalogue: Catalogue, item: str) -> str:
    groups: list[dict[str, Any]] = [
        catalogue.indicators,
        {f.id: f for f in catalogue.red_flags},
        {a.id: a for a in catalogue.act_questions},
    ]
    for group in groups:
        if item in group:
            return str(group[item].stage)
    raise KeyError(item)
