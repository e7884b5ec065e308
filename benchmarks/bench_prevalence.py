"""``ctis prevalence`` against R's survey package on a million-row survey file.

Generates a synthetic flow-monitoring file (strata, clusters, weights, sex, country, ``ht_``
items; no real respondent) as CSV, because R reads CSV: both sides read the same file, end to
end. Then runs, each as a subprocess timed by ``/usr/bin/time``:

* ``ctis prevalence FILE --indicator any_indicator --by sex --by country_of_interview
  --method logit --format csv``
* ``Rscript benchmarks/prevalence.R FILE OUT`` (svydesign + svyciprop + svyby, logit)

and prints wall time (best of several runs, median too: the machine is shared), peak memory
(maximum resident set size), the ratios against the targets (ctis at least 25 times faster and
at most a third of R's memory) and whether the numbers agree (1e-6 relative). Ten million rows
are then run with ctis alone (and with R when ``CTIS_BENCH_R_10M=1``; R needs several minutes
and over 10 GB there).

Environment: CTIS_BENCH_ROWS (1000000), CTIS_BENCH_ROWS_LARGE (10000000; 0 skips),
CTIS_BENCH_RUNS (3 ctis runs), CTIS_BENCH_R_RUNS (2 R runs), CTIS_BENCH_R_10M (unset).

    make bench                      # every benchmark
    .venv/bin/python -m benchmarks prevalence
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).parent
ROOT = HERE.parent
COUNTRIES = ["AL", "BA", "XK", "ME", "MK", "RS", "GR", "BG", "HU", "HR", "SI", "RO", "IT"]
ITEMS = ["unpaid_work", "forced_work", "job_offer", "marriage_offer", "held_against_will"]
SPEED_TARGET, MEMORY_TARGET = 25.0, 1 / 3


def generate(path: Path, rows: int, seed: int = 2016) -> None:
    """Write a synthetic survey of ``rows`` interviews: 12 strata x 50 PSUs, cluster effects.

    Columns are drawn as integer codes with numpy and labelled by polars, so ten million rows
    take seconds and a couple of gigabytes, not Python strings.
    """
    rng = np.random.default_rng(seed)
    strata, per_stratum = 12, 50
    stratum = rng.integers(0, strata, rows)
    cluster = rng.integers(0, per_stratum, rows)
    effect = rng.normal(0, 0.7, (strata, per_stratum))[stratum, cluster]
    base = 1 / (1 + np.exp(-(-3.3 + effect)))
    is_2017 = rng.random(rows) >= 0.6
    codes: dict[str, np.ndarray] = {
        "instrument_version": is_2017.astype(np.uint32),
        "country_of_interview": ((stratum + cluster) % len(COUNTRIES)).astype(np.uint32),
        "sex": rng.choice(4, rows, p=[0.6, 0.36, 0.02, 0.02]).astype(np.uint32),
    }
    labels = {
        "instrument_version": ["fms-ct-2016", "fms-ct-2017"],
        "country_of_interview": COUNTRIES,
        "sex": ["male", "female", "other", "refused"],
    }
    answers = ["no", "yes", "dont_know", "refused", ""]
    for item in [*ITEMS, "organ_offer"]:
        u = rng.random(rows)
        p_yes = base * (0.3 if item == "organ_offer" else 1.0)
        code = (rng.random(rows) < p_yes).astype(np.uint32)
        code[u < 0.03] = 2
        code[u < 0.01] = 3
        code[u < 0.005] = 4
        if item == "job_offer":  # not in the 2017 composite, and not always asked there
            code[is_2017 & (u > 0.9)] = 4
        codes[f"ht_{item}"] = code
        labels[f"ht_{item}"] = answers
    index = pl.int_range(0, rows, eager=True).cast(pl.Utf8)
    frame = pl.DataFrame(
        {
            "submission_id": "bench-" + index,
            **{
                name: pl.Series(name, labels[name]).gather(pl.Series(code))
                for name, code in codes.items()
                if name in ("instrument_version", "country_of_interview", "sex")
            },
            "age": rng.integers(8, 70, rows),
            "stratum": "S" + pl.Series(stratum).cast(pl.Utf8),
            "cluster": cluster + 1,
            "weight": np.round(rng.uniform(0.5, 4.0, rows) * (1 + stratum % 3), 4),
            **{
                name: pl.Series(name, labels[name]).gather(pl.Series(code))
                for name, code in codes.items()
                if name.startswith("ht_")
            },
        }
    ).with_columns(
        # Blank cells, as a Kobo export has them for unanswered questions.
        [
            pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
            for c in codes
            if c.startswith("ht_")
        ]
    )
    frame.write_csv(path)


@dataclass(frozen=True)
class Run:
    """One timed process: wall time and CPU time (user + system) in seconds, peak RSS in MB."""

    wall: float
    cpu: float
    peak_mb: float


def timed(command: list[str], stdout: Path | None = None) -> Run:
    """Run a command under /usr/bin/time; its standard output goes to ``stdout`` if given."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        with stdout.open("w") if stdout else open(os.devnull, "w") as handle:
            start = time.perf_counter()
            subprocess.run(  # noqa: S603 - our own command line, no shell
                ["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
                check=True,
                stdout=handle,
            )
            wall = time.perf_counter() - start
        user, system, peak_kb = Path(report.name).read_text().strip().splitlines()[-1].split()
    return Run(wall, float(user) + float(system), float(peak_kb) / 1024)


def _ctis() -> str:
    found = shutil.which("ctis", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("the ctis command is not installed in this environment (make install)")
    return found


def run_ctis(data: Path, out: Path) -> Run:
    command = [
        *(_ctis(), "prevalence", str(data), "--indicator", "any_indicator"),
        *("--by", "sex", "--by", "country_of_interview", "--method", "logit", "--format", "csv"),
    ]
    return timed(command, stdout=out)


def run_r(data: Path, out: Path) -> Run:
    return timed(["Rscript", str(HERE / "prevalence.R"), str(data), str(out)])


def _ours(path: Path) -> dict[tuple[str, str], list[float]]:
    results = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            by = row["breakdown"]
            group = row[by] if by else ""
            results[(by, group)] = [float(row[k]) for k in ("estimate", "se", "ci_low", "ci_high")]
    return results


def _theirs(path: Path) -> dict[tuple[str, str], list[float]]:
    results = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            results[(row["by"], row["group"])] = [
                float(row[k]) for k in ("estimate", "se", "ci_low", "ci_high")
            ]
    return results


def agreement(ours: Path, theirs: Path) -> tuple[bool, float, int]:
    """Whether every R result has a ctis twin within 1e-6 relative; the worst relative gap."""
    a, b = _ours(ours), _theirs(theirs)
    worst = 0.0
    for key, values in b.items():
        if key not in a:
            return False, float("inf"), len(b)
        for x, y in zip(a[key], values, strict=True):
            worst = max(worst, abs(x - y) / max(abs(y), 1e-300))
    return worst <= 1e-6, worst, len(b)


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages and the core count, printed beside each timing.

    The machine is shared: a wall time means little without how busy the cores were, so
    every figure is reported with the load it was measured under (CPU time, also printed,
    moves much less with load than wall time does).
    """
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    except (OSError, ValueError):
        return "load average unknown"
    return f"load average {one} {five} {fifteen} on {os.cpu_count()} cores"


def _repeat(run: Callable[[], Run], times: int) -> tuple[Run, float]:
    """The best run (least wall time, CPU time and memory over ``times`` runs, each kept at its
    largest for memory) and the median wall time.

    The best time is the one compared: this machine is shared, and other processes only ever
    add time to a run.
    """
    runs = [run() for _ in range(times)]
    best = Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs))
    return best, statistics.median(r.wall for r in runs)


def main() -> None:
    rows_small = int(os.environ.get("CTIS_BENCH_ROWS", "1000000"))
    rows_large = int(os.environ.get("CTIS_BENCH_ROWS_LARGE", "10000000"))
    ctis_runs = int(os.environ.get("CTIS_BENCH_RUNS", "3"))
    r_runs = int(os.environ.get("CTIS_BENCH_R_RUNS", "2"))
    print(
        f"CSV input read by both; best of {ctis_runs} ctis runs and {r_runs} R runs "
        "(median in brackets); peak = largest maximum resident set size",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="ctis-bench-") as tmp:
        work = Path(tmp)
        runs = [(rows_small, True), (rows_large, os.environ.get("CTIS_BENCH_R_10M") == "1")]
        for rows, with_r in runs:
            if rows <= 0:  # CTIS_BENCH_ROWS_LARGE=0 skips the ten-million-row run
                continue
            data = work / f"survey-{rows}.csv"
            start = time.perf_counter()
            generate(data, rows)
            size_mb = data.stat().st_size / 1e6
            took = time.perf_counter() - start
            print(f"{rows:,} rows, {size_mb:.0f} MB CSV generated in {took:.1f} s", flush=True)
            before = load_average()
            ctis, ctis_median = _repeat(
                lambda data=data: run_ctis(data, work / "ctis.csv"), ctis_runs
            )
            print(
                f"  ctis prevalence: {ctis.wall:6.2f} s wall ({ctis_median:.2f}), "
                f"{ctis.cpu:6.2f} s CPU, peak {ctis.peak_mb:6.0f} MB "
                f"[{before}; after: {load_average()}]",
                flush=True,
            )
            # The same rows as Parquet, the format of the application's analysis snapshots
            # (for information: R reads the CSV, so the comparison above is CSV to CSV).
            parquet = data.with_suffix(".parquet")
            pl.scan_csv(data, infer_schema=False).with_columns(
                pl.col("weight").cast(pl.Float64)
            ).sink_parquet(parquet)
            from_parquet, _ = _repeat(
                lambda parquet=parquet: run_ctis(parquet, work / "ctis-parquet.csv"), ctis_runs
            )
            print(
                f"  ctis on Parquet: {from_parquet.wall:6.2f} s wall, "
                f"{from_parquet.cpu:6.2f} s CPU, peak {from_parquet.peak_mb:6.0f} MB",
                flush=True,
            )
            parquet.unlink()
            if not with_r:
                print("  R: skipped (set CTIS_BENCH_R_10M=1 to run it)", flush=True)
                continue
            before = load_average()
            r, r_median = _repeat(lambda data=data: run_r(data, work / "r.csv"), r_runs)
            print(
                f"  R survey:        {r.wall:6.2f} s wall ({r_median:.2f}), "
                f"{r.cpu:6.2f} s CPU, peak {r.peak_mb:6.0f} MB "
                f"[{before}; after: {load_average()}]",
                flush=True,
            )
            speed, memory = r.wall / ctis.wall, ctis.peak_mb / r.peak_mb
            print(
                f"  ctis is {speed:.1f}x faster (median {r_median / ctis_median:.1f}x, CPU time "
                f"{r.cpu / ctis.cpu:.1f}x; target >= {SPEED_TARGET:.0f}x: "
                f"{'met' if speed >= SPEED_TARGET else 'NOT met'}) and uses {memory:.2f} of R's "
                f"memory (target <= {MEMORY_TARGET:.2f}: "
                f"{'met' if memory <= MEMORY_TARGET else 'NOT met'})",
                flush=True,
            )
            same, worst, count = agreement(work / "ctis.csv", work / "r.csv")
            print(
                f"  {count} results {'agree' if same else 'DISAGREE'} with R "
                f"(largest relative difference {worst:.1e}; tolerance 1e-6)",
                flush=True,
            )


if __name__ == "__main__":
    main()
