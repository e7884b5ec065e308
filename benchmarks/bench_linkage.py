"""Record linkage quality and scale (``make bench``; docs/linkage.md quotes the figures).

1. Quality on generated populations (:mod:`ctis.linkage.synthetic`): pairwise precision,
   recall and F1 of ``dedupe`` on ``CTIS_BENCH_LINKAGE_QUALITY`` records (default 20,000),
   against an exact-key baseline (given name, family name and birth date as typed); and of
   ``encode`` + ``match`` on two countries' files of ``CTIS_BENCH_LINKAGE_PPRL`` records each
   (default 2,000), half of the people in both. Targets: dedupe F1 >= 0.95, encodings
   F1 >= 0.90.
2. Scale: ``ctis linkage dedupe`` on ``CTIS_BENCH_LINKAGE_RECORDS`` records (default
   1,000,000) as a subprocess: wall time and the child's peak memory. Target: under 10
   minutes and 4 GB on a 2-core machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctis.linkage.model import dedupe
from ctis.linkage.pprl import encode, match
from ctis.linkage.quality import cluster_scores, exact_key_clusters, link_scores
from ctis.linkage.records import format_birth_date, write_records
from ctis.linkage.synthetic import dedupe_population, two_country_populations

QUALITY = int(os.environ.get("CTIS_BENCH_LINKAGE_QUALITY", "20000"))
PPRL = int(os.environ.get("CTIS_BENCH_LINKAGE_PPRL", "2000"))
RECORDS = int(os.environ.get("CTIS_BENCH_LINKAGE_RECORDS", "1000000"))
_PEAK_OF_CHILD = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def quality() -> None:
    population = dedupe_population(QUALITY, seed=5)
    started = time.perf_counter()
    found = cluster_scores(dedupe(population.records), population.truth)
    seconds = time.perf_counter() - started
    baseline = cluster_scores(
        exact_key_clusters(
            {
                r.record_id: (
                    r.given_name.casefold(),
                    r.family_name.casefold(),
                    format_birth_date(r),
                )
                for r in population.records
            }
        ),
        population.truth,
    )
    print(f"dedupe, {QUALITY:,} records: {found} [{seconds:.1f} s]")
    print(f"exact-key baseline:          {baseline}")
    a, b = two_country_populations(PPRL, seed=34)
    started = time.perf_counter()
    secret = os.urandom(32)
    links = match(encode(a.records, secret), encode(b.records, secret))
    seconds = time.perf_counter() - started
    scores = link_scores([(x.a_record_id, x.b_record_id) for x in links], a.truth, b.truth)
    print(f"encodings alone, 2 x {PPRL:,} records: {scores} [{seconds:.1f} s]")


def scale() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp, "in.csv"), Path(tmp, "clusters.csv")
        started = time.perf_counter()
        write_records(source, dedupe_population(RECORDS, seed=7).records)
        print(f"generated {RECORDS:,} records in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        result = subprocess.run(  # noqa: S603 - our own command
            [
                sys.executable,
                "-c",
                _PEAK_OF_CHILD,
                sys.executable,
                "-m",
                "ctis.cli",
                "linkage",
                "dedupe",
                str(source),
                "--output",
                str(output),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = int(result.stdout.strip().splitlines()[-1]) / 1024
        lines = sum(1 for _ in output.open(encoding="utf-8")) - 1
        load = os.getloadavg()[0]
        print(
            f"dedupe {RECORDS:,} records (DuckDB): {seconds:.0f} s, peak memory "
            f"{peak_mb:,.0f} MB, {lines:,} records out; load average {load:.1f} "
            f"(targets: 600 s, 4,096 MB)"
        )


def main() -> None:
    quality()
    scale()


if __name__ == "__main__":
    main()
