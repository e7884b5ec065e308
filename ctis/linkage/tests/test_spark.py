"""The same model on Splink's Spark backend (local mode) gives the same clusters."""

from __future__ import annotations

from ctis.linkage.model import dedupe
from ctis.linkage.synthetic import dedupe_population


def test_spark_and_duckdb_give_the_same_clusters() -> None:
    # One small file: Spark's start-up alone takes about 20 seconds.
    records = dedupe_population(60, seed=3).records
    duckdb = dedupe(records)
    assert len(set(duckdb.values())) < len(records)  # there is something to agree on
    assert dedupe(records, engine="spark") == duckdb
