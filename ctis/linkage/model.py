"""The Splink model: comparisons, blocking, trained parameters (``model.json``), dedupe.

The comparisons are code (so they render in each backend's SQL dialect: DuckDB embedded,
Spark for scale-out); the *trained parameters* — the m and u probability of every comparison
level — are data, in ``model.json`` with a version, written by :mod:`ctis.linkage.train` and
shipped in the package. Term-frequency adjustments on the name and birth place are computed
from the file being deduplicated, so a common name (Mohammad Ahmadi) weighs less than a rare
one. The prior (the chance that two random records are the same person) is set from the size
of the file: about one duplicate per record, 1/n.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ctis.linkage.features import FEATURE_COLUMNS, features
from ctis.linkage.records import Record

MODEL_PATH = Path(__file__).with_name("model.json")
MODEL_VERSION = "ctis-linkage-1"
#: Pairs at or above this match probability are the same person (connected components).
THRESHOLD = 0.85


def _jw(column: str, threshold: float) -> str:
    # Splink's portable name; the DuckDB and Spark dialects both translate it.
    return f"{column}_l IS NOT NULL AND {column}_r IS NOT NULL AND jaro_winkler_similarity({column}_l, {column}_r) >= {threshold}"  # noqa: E501


def settings(parameters: dict[str, Any] | None = None, dialect: str = "duckdb") -> Any:
    """Splink settings for dedupe: a SettingsCreator, or with ``parameters`` (from
    model.json) a settings dict in ``dialect`` with the trained m and u applied."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def custom(sql: str, label: str) -> Any:
        return cll.CustomLevel(sql, label_for_charts=label)

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_skel"),
            custom(
                f"({_jw('given_key', 0.88)} OR given_skel_l = given_skel_r) AND "
                f"({_jw('family_key', 0.88)} OR family_skel_l = family_skel_r)",
                "given and family similar",
            ),
            custom(
                "given_skel_l = given_skel_r AND (family_key_l IS NULL OR family_key_r IS NULL)",
                "given agrees, one family name missing",
            ),
            custom("family_skel_l = family_skel_r", "family agrees, given differs"),
            custom("given_skel_l = given_skel_r", "given agrees, family differs"),
            cll.ElseLevel(),
        ],
    )
    father = cl.CustomComparison(
        output_column_name="father",
        comparison_levels=[
            cll.NullLevel("father_key"),
            cll.ExactMatchLevel("father_key"),
            custom(_jw("father_key", 0.88), "similar"),
            cll.ElseLevel(),
        ],
    )
    y, m, d = (f"birth_{p}" for p in ("year", "month", "day"))
    imprecise = (
        f"({m}_l IS NULL OR {m}_r IS NULL "
        f"OR ({m}_l = 1 AND {d}_l = 1) OR ({m}_r = 1 AND {d}_r = 1))"
    )
    birth = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.CustomLevel(f"{y}_l IS NULL OR {y}_r IS NULL").configure(is_null_level=True),
            custom(f"{y}_l = {y}_r AND {m}_l = {m}_r AND {d}_l = {d}_r", "exact"),
            custom(f"{y}_l = {y}_r AND {m}_l = {d}_r AND {d}_l = {m}_r", "day and month swapped"),
            custom(f"{y}_l = {y}_r AND {imprecise}", "same year, one date imprecise"),
            custom(f"abs({y}_l - {y}_r) = 1 AND {m}_l = {m}_r AND {d}_l = {d}_r", "a year off"),
            custom(f"{y}_l = {y}_r AND {m}_l = {m}_r", "same year and month"),
            custom(f"{y}_l = {y}_r", "same year"),
            custom(f"abs({y}_l - {y}_r) = 1 AND {imprecise}", "a year off, imprecise"),
            custom(f"abs({y}_l - {y}_r) <= 3", "within three years"),
            cll.ElseLevel(),
        ],
    )
    place = cl.CustomComparison(
        output_column_name="birth_place",
        comparison_levels=[
            cll.NullLevel("place_key"),
            cll.ExactMatchLevel("place_key", term_frequency_adjustments=True),
            custom(_jw("place_key", 0.88), "similar"),
            cll.ElseLevel(),
        ],
    )
    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-4,
        comparisons=[
            name,
            father,
            birth,
            place,
            cl.ExactMatch("sex"),
            # No nationality: it adds little beside birth place and names (the two agree
            # together), and counting it too over-weighs brothers and sisters (measured).
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_skel"),
            block_on("given_skel", "birth_year"),
            block_on("family_skel", "birth_year", "sex"),
            block_on("father_key", "family_skel"),
            block_on("given_skel", "father_key"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    if parameters is None:
        return creator
    return apply_parameters(creator.create_settings_dict(dialect), parameters)


def apply_parameters(settings_dict: dict[str, Any], parameters: dict[str, Any]) -> Any:
    """The trained m and u of each level (by comparison and level order) onto the settings."""
    trained = {c["output_column_name"]: c["levels"] for c in parameters["comparisons"]}
    for comparison in settings_dict["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        stored = trained.get(name, [])
        if len(stored) != len(levels):
            raise ValueError(f"model.json does not fit comparison {name!r}: retrain the model")
        for level, values in zip(levels, stored, strict=True):
            if values.get("m") is not None:
                level["m_probability"] = values["m"]
                level["u_probability"] = values["u"]
    return settings_dict


def load_parameters(path: Path = MODEL_PATH) -> dict[str, Any]:
    parameters: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if parameters.get("version") != MODEL_VERSION:
        raise ValueError(f"{path}: model version {parameters.get('version')!r}, "
                         f"expected {MODEL_VERSION!r}")  # fmt: skip
    return parameters


def feature_table(records: Sequence[Record]) -> Any:
    """The records as an Arrow table of model features."""
    import pyarrow as pa

    rows = [features(r) for r in records]
    return pa.table({c: [row[c] for row in rows] for c in FEATURE_COLUMNS})


_SPARK_SCHEMA = ", ".join(
    f"{c} int" if c.startswith("birth_") else f"{c} string" for c in FEATURE_COLUMNS
)


def _spark_session() -> Any:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # py4j logs at INFO from finalisers, after the process's streams may be closed.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    return (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())
        .appName("ctis-linkage")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def dedupe(
    records: Sequence[Record],
    *,
    engine: str = "duckdb",
    threshold: float = THRESHOLD,
    parameters: dict[str, Any] | None = None,
) -> dict[str, str]:
    """record_id -> cluster_id (the smallest record_id of the person's cluster)."""
    from splink import Linker

    if not records:
        return {}
    parameters = parameters or load_parameters()
    model = settings(parameters, "spark" if engine == "spark" else "duckdb")
    model["probability_two_random_records_match"] = min(0.5, 1.0 / len(records))
    table = feature_table(records)
    checkpoints = None
    if engine == "spark":
        from splink import SparkAPI

        spark = _spark_session()
        # Splink breaks the lineage of its iterations by checkpointing: into a temporary
        # directory, deleted after the run (it holds personal data).
        checkpoints = tempfile.TemporaryDirectory(prefix="ctis-linkage-")
        spark.sparkContext.setCheckpointDir(checkpoints.name)
        db_api: Any = SparkAPI(spark_session=spark, break_lineage_method="checkpoint")
        frame = db_api.register(spark.createDataFrame(table.to_pylist(), schema=_SPARK_SCHEMA))
    elif engine == "duckdb":
        from splink import DuckDBAPI

        db_api = DuckDBAPI()
        frame = db_api.register(table)
    else:
        raise ValueError(f"unknown engine {engine!r}")
    linker = Linker(frame, model, log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    rows = clusters.as_record_list()
    if checkpoints is not None:
        checkpoints.cleanup()
    return canonical_clusters({str(r["unique_id"]): str(r["cluster_id"]) for r in rows})


def canonical_clusters(assignment: dict[str, str]) -> dict[str, str]:
    """Name each cluster by its smallest record_id, so engines and runs agree on the ids."""
    smallest: dict[str, str] = {}
    for record_id, cluster in assignment.items():
        if cluster not in smallest or record_id < smallest[cluster]:
            smallest[cluster] = record_id
    return {record_id: smallest[cluster] for record_id, cluster in assignment.items()}
