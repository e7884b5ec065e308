"""The whole-chunk (numpy) path of ``ctis screen`` gives, byte for byte, the reference engine's
JSON: ``orjson.dumps(rules.screen(catalogue, record).to_dict())`` per line."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctis.screening import rules
from ctis.screening.batch import BatchScreener
from ctis.screening.catalogue import Catalogue, load_catalogue, parse_catalogue
from ctis.screening.vectorised import ChunkScreener, supports

CATALOGUE = load_catalogue("ilo-ec-2009@2009.1-draft")
AGE = st.none() | st.integers(min_value=0, max_value=130)


def records_for(catalogue: Catalogue) -> st.SearchStrategy[dict[str, Any]]:
    ids = sorted(catalogue.answerable_ids)
    kinds = st.sampled_from(["labour", "sexual", "both", "unknown"])
    return st.fixed_dictionaries(
        {
            "id": st.text(max_size=12),
            # Weighted towards yes so that every result level is reached often.
            "answers": st.dictionaries(
                st.sampled_from(ids), st.sampled_from(["yes", "yes", "no", "unknown"]), max_size=60
            ),
        },
        # Missing or null fields are allowed by the contract.
        optional={"age": AGE, "age_at_exploitation": AGE, "exploitation": st.none() | kinds},
    )


def reference(catalogue: Catalogue, records: list[dict[str, Any]]) -> bytes:
    return b"".join(
        orjson.dumps(rules.screen(catalogue, rules.parse_record(catalogue, r)).to_dict()) + b"\n"
        for r in records
    )


def as_jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def variant(version: str, change: Any) -> Catalogue:
    """A variant of the bundled catalogue (not real data), as a national SOP might make."""
    import yaml

    from ctis.screening.catalogue import CATALOGUE_DIR

    with (CATALOGUE_DIR / "ilo-ec-2009.yaml").open(encoding="utf-8") as handle:
        data = copy.deepcopy(yaml.safe_load(handle))
    data["version"] = version
    change(data)
    return parse_catalogue(data, f"<test catalogue {version}>")


def _sexual(data: dict[str, Any]) -> None:
    data["profiles"]["adult_sexual"] = {"pattern": "adult"}
    for indicator in data["indicators"]:
        indicator["strength"]["adult_sexual"] = indicator["strength"]["adult_labour"]
        if indicator["id"] == "cd.forced_tasks_clients":
            indicator["strength"]["adult_sexual"] = "S"
        if indicator["id"] == "ex.excessive_hours":
            del indicator["strength"]["adult_sexual"]  # a profile without an indicator


def _other_rule(data: dict[str, Any]) -> None:
    # Other thresholds, and an adult pattern that the act question can meet.
    data["dimension_rule"] = {"any_of": [{"S": 1}, {"M+W": 2}, {"M": 1, "W": 2}]}
    data["patterns"]["adult"]["all_of"] = [["ex"], ["cd", "act.recruited_or_moved"]]


CATALOGUES = {
    "bundled": CATALOGUE,
    "sexual": variant("2009.1-test-sexual", _sexual),
    "other-rule": variant("2009.1-test-rule", _other_rule),
}
SCREENERS = {name: BatchScreener(c) for name, c in CATALOGUES.items()}
STRATEGIES = {name: records_for(c) for name, c in CATALOGUES.items()}


def test_the_bundled_catalogue_takes_the_whole_chunk_path() -> None:
    for catalogue in CATALOGUES.values():
        assert supports(catalogue)
        assert BatchScreener(catalogue).chunks is not None


@pytest.mark.parametrize("name", sorted(CATALOGUES))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_chunk_gives_byte_for_byte_what_the_rules_give(name: str, data: st.DataObject) -> None:
    """Several records per chunk, with one screener (and its caches) kept across examples: a
    cached piece must be a pure function of its key."""
    catalogue = CATALOGUES[name]
    records = data.draw(st.lists(STRATEGIES[name], min_size=1, max_size=25))
    screener = SCREENERS[name]
    assert screener.chunks is not None
    output, count = screener.chunks.screen_chunk(as_jsonl(records))
    assert count == len(records)
    assert output == reference(catalogue, records)
    # And through the public entry point, which ctis screen uses.
    assert screener.screen_chunk(as_jsonl(records)) == (output, [], len(records))


@settings(max_examples=150)
@given(st.lists(STRATEGIES["bundled"], min_size=1, max_size=25))
def test_the_record_by_record_path_still_gives_what_the_rules_give(
    records: list[dict[str, Any]],
) -> None:
    """The fallback for catalogues the whole-chunk path cannot represent."""
    screener = BatchScreener(CATALOGUE)
    screener.chunks = None
    output, errors, count = screener.screen_chunk(as_jsonl(records))
    assert (errors, count) == ([], len(records))
    assert output == reference(CATALOGUE, records)


def test_blank_lines_and_a_missing_final_newline() -> None:
    records = [{"id": "a", "answers": {"ex.excessive_hours": "yes"}}, {"id": "b", "answers": {}}]
    data = b"\n" + orjson.dumps(records[0]) + b"\n\n" + orjson.dumps(records[1])
    output, errors, count = SCREENERS["bundled"].screen_chunk(data)
    assert (output, errors, count) == (reference(CATALOGUE, records), [], 2)


def test_an_empty_chunk() -> None:
    assert SCREENERS["bundled"].screen_chunk(b"") == (b"", [], 0)


@pytest.mark.parametrize(
    ("line", "item"),
    [
        (b'{"id": "x", "answers": {"dr.wages": "maybe"}}', "dr.wages"),
        (b'{"id": "x", "answers": {"zz.nope": "yes"}}', "zz.nope"),
        (b'{"id": "x", "age": -1, "answers": {}}', "age"),
        (b'{"id": "x", "age_at_exploitation": 131, "answers": {}}', "age_at_exploitation"),
        (b'{"id": "x", "age": true, "answers": {}}', "age"),
        (b'{"id": "x", "exploitation": "forced", "answers": {}}', "exploitation"),
    ],
)
def test_a_bad_line_in_a_chunk_is_named_and_nothing_is_kept(line: bytes, item: str) -> None:
    good = orjson.dumps({"id": "ok", "answers": {}})
    output, errors, _ = SCREENERS["bundled"].screen_chunk(
        b"\n".join([good, good, line, good]) + b"\n", first_line=11
    )
    assert output == b""
    assert [(e.line, e.record_id, e.item) for e in errors] == [(13, "x", item)]


def test_a_record_with_every_answer_given() -> None:
    answers = dict.fromkeys(CATALOGUE.question_order, "yes")
    records = [
        {"id": str(k), "age": age, "exploitation": kind, "answers": answers}
        for k, (age, kind) in enumerate([(30, "labour"), (12, "both"), (None, "unknown")])
    ]
    assert SCREENERS["bundled"].screen_chunk(as_jsonl(records))[0] == reference(CATALOGUE, records)


def test_chunk_screener_needs_no_batch_screener() -> None:
    screener = ChunkScreener(CATALOGUE, BatchScreener(CATALOGUE).decode_lines)
    records = [{"id": 'é\u2028"', "age": 17, "answers": {"act.recruited_or_moved": "yes"}}]
    assert screener.screen_chunk(as_jsonl(records)) == (reference(CATALOGUE, records), 1)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_dimension_piece_is_the_rules_json(name: str) -> None:
    """Every yes mask of every dimension of every profile (all of them: ~100,000 for the
    bundled catalogue), against ``rules.evaluate_dimension(...).to_dict()``."""
    screener = SCREENERS[name].chunks
    assert screener is not None
    for profile, dimensions in enumerate(screener.members):
        for dimension, ids in enumerate(dimensions):
            for mask in range(1 << len(ids)):
                key = mask << screener.profile_bits | profile
                assert screener._dimension_piece(dimension, key) == (
                    screener._reference_dimension_piece(dimension, key)
                ), (profile, dimension, mask)
