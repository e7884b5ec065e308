"""Train the model's m and u probabilities on a generated population; write ``model.json``.

``python -m ctis.linkage.train [RECORDS]``. The m probabilities come from the generator's
labels (supervised: how often each level occurs among true pairs), the u probabilities from
random pairs. Re-run when the comparisons change, and bump ``MODEL_VERSION``.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from ctis.linkage.model import MODEL_PATH, MODEL_VERSION, feature_table, settings
from ctis.linkage.synthetic import dedupe_population

SEED = 20261207


def train(records: int = 30_000, seed: int = SEED) -> dict[str, Any]:
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    population = dedupe_population(records, seed=seed)
    table = feature_table(population.records)
    labels = [population.truth[r.record_id] for r in population.records]
    table = table.append_column("person_id", pa.array(labels))
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings(), log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed % 1000)
    linker.training.estimate_m_from_label_column("person_id")
    trained = linker.misc.save_model_to_json()
    comparisons = []
    for comparison in trained["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            levels.append(
                {
                    "label": level.get("label_for_charts", ""),
                    "m": level.get("m_probability"),
                    "u": level.get("u_probability"),
                }
            )
        _smooth(levels)
        comparisons.append({"output_column_name": comparison["output_column_name"],
                            "levels": levels})  # fmt: skip
    return {
        "version": MODEL_VERSION,
        "trained_on": f"ctis.linkage.synthetic.dedupe_population({records}, seed={seed})",
        "comparisons": comparisons,
    }


def _smooth(levels: list[dict[str, Any]], floor: float = 0.002) -> None:
    """No level is impossible: real registers make errors the generator does not (a wrong
    sex, a different nationality), so every m and u gets a floor and is renormalised."""
    scored = levels[1:]  # the first level is the null level
    for key in ("m", "u"):
        values = [max(level[key] or 0.0, floor if key == "m" else 1e-6) for level in scored]
        total = sum(values)
        for level, value in zip(scored, values, strict=True):
            level[key] = round(value / total, 8)


def main(argv: list[str]) -> int:
    records = int(argv[0]) if argv else 30_000
    model = train(records)
    MODEL_PATH.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
