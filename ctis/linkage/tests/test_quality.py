"""Quality floors on generated populations (deterministic seeds; figures in docs/linkage.md)."""

from __future__ import annotations

from ctis.linkage.model import dedupe
from ctis.linkage.pprl import encode, match
from ctis.linkage.quality import cluster_scores, exact_key_clusters, link_scores
from ctis.linkage.records import format_birth_date
from ctis.linkage.synthetic import dedupe_population, two_country_populations


def test_dedupe_of_2000_records_beats_the_exact_key_baseline() -> None:
    population = dedupe_population(2000, seed=5)
    found = cluster_scores(dedupe(population.records), population.truth)
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
    assert found.f1 >= 0.90, found
    assert found.precision >= 0.90, found
    assert baseline.f1 < 0.3, baseline


def test_encodings_alone_link_two_countries_files() -> None:
    a, b = two_country_populations(500, seed=34)
    secret = b"test secret"
    links = match(encode(a.records, secret), encode(b.records, secret))
    found = link_scores([(x.a_record_id, x.b_record_id) for x in links], a.truth, b.truth)
    assert found.f1 >= 0.78, found
