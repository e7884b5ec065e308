"""Pairwise precision, recall and F1 of a clustering or a set of links against the truth."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    found_pairs: int

    def __str__(self) -> str:
        return (f"precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f} "
                f"({self.found_pairs} pairs found, {self.true_pairs} true)")  # fmt: skip


def _pairs(assignment: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record_id, group in assignment.items():
        groups[group].append(record_id)
    pairs: set[tuple[str, str]] = set()
    for members in groups.values():
        pairs.update(itertools.combinations(sorted(members), 2))
    return pairs


def scores(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> Scores:
    hits = len(found & true)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(true), len(found))


def cluster_scores(clusters: dict[str, str], truth: dict[str, str]) -> Scores:
    """Pairs of records put in one cluster, against pairs of records of one person."""
    return scores(_pairs(clusters), _pairs(truth))


def link_scores(
    links: Iterable[tuple[str, str]], truth_a: dict[str, str], truth_b: dict[str, str]
) -> Scores:
    """Links between two files against the pairs of records of one person across them."""
    by_person: dict[str, list[str]] = defaultdict(list)
    for record_id, person in truth_b.items():
        by_person[person].append(record_id)
    true = {(a, b) for a, person in truth_a.items() for b in by_person.get(person, ())}
    return scores(set(links), true)


def exact_key_clusters(keys: dict[str, tuple[object, ...]]) -> dict[str, str]:
    """The baseline: records whose key (e.g. given, family, birth date as typed) is equal."""
    return {record_id: repr(key) for record_id, key in keys.items()}
