from __future__ import annotations

import pytest

from ctis.directory import queries
from ctis.directory.models import Service
from ctis.directory.queries import ServiceSearch


def _names(query: ServiceSearch) -> set[str]:
    return set(queries.search(Service.objects.all(), query).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ServiceSearch(), {"Test boys' shelter", "Test clinic", "Test women's shelter"}),
        (ServiceSearch(kind="shelter"), {"Test boys' shelter", "Test women's shelter"}),
        (ServiceSearch(country="ba"), {"Test boys' shelter", "Test clinic"}),
        (ServiceSearch(municipality="bihać"), {"Test boys' shelter"}),
        (ServiceSearch(language="ps"), {"Test boys' shelter"}),
        (ServiceSearch(kind="shelter", age=16, sex="male", language="ps"), {"Test boys' shelter"}),
        (ServiceSearch(kind="shelter", age=16, sex="female"), set()),
        (ServiceSearch(age=30), {"Test clinic", "Test women's shelter"}),
        (ServiceSearch(sex="female"), {"Test clinic", "Test women's shelter"}),
        (ServiceSearch(available_only=True), {"Test boys' shelter", "Test clinic"}),
    ],
)
def test_search_finds_services_by_need_place_language_and_eligibility(services, query, expected):
    assert _names(query) == expected


def test_inactive_services_are_not_listed(services, screener):
    Service.objects.filter(pk=services["clinic"].pk).update(is_active=False)
    assert "Test clinic" not in {s.name for s in queries.services_visible_to(screener)}


def test_the_public_subset_leaves_out_unlisted_services(services):
    Service.objects.filter(pk=services["women"].pk).update(is_public=False)
    assert {s.name for s in queries.public_services()} == {"Test boys' shelter", "Test clinic"}
