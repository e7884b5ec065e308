from __future__ import annotations

import pytest

from ctis.cases import demo
from ctis.cases.models import Case

# Demo data is a development convenience; production mode refuses it.
pytestmark = pytest.mark.usefixtures("development_mode")


@pytest.mark.django_db
def test_demo_cases_cover_every_country_and_status_and_load_once():
    from ctis.accounts import demo as accounts_demo

    accounts_demo.load()
    demo.load()
    cases = Case.objects.all()
    assert {c.country.code for c in cases} == set(demo.COUNTRIES)
    for country in demo.COUNTRIES:
        statuses = set(cases.filter(country__code=country).values_list("status", flat=True))
        assert statuses == set(Case.Status.values), country
    scripts = set(cases.values_list("person__name_script", flat=True))
    assert scripts == {"Arab", "Cyrl", "Latn"}
    count = cases.count()
    demo.load()
    assert Case.objects.count() == count
