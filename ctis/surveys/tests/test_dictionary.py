from __future__ import annotations

from ctis.analytics import indicators
from ctis.surveys import dictionary as dd
from ctis.surveys.models import Submission


def test_every_column_of_the_specification_is_in_the_dictionary_with_its_type():
    kinds = {column.name: column.kind.value for column in dd.COLUMNS}
    assert kinds["submission_id"] == "text"
    assert kinds["survey_date"] == "date"
    assert kinds["country_of_interview"] == "alpha-2"
    assert kinds["nationality"] == "alpha-3"
    assert kinds["country_of_departure"] == "alpha-3"
    assert kinds["intended_destination"] == "alpha-3"
    assert kinds["weight"] == "number"
    assert kinds["age"] == "integer"
    assert kinds["reasons_for_leaving"] == "multi"
    assert kinds["countries_transited"] == "multi"
    assert kinds["ht_physical_violence"] == "yn"
    assert kinds["htf_organ_offer"] == "yn"
    assert kinds["ht_marriage_offer_country"] == "alpha-2"
    assert len(dd.COLUMNS) == 22 + 7 * 3


def test_ranges_are_those_of_the_specification():
    age = dd.BY_NAME["age"]
    assert (age.minimum, age.maximum) == (0, 120)
    weight = dd.BY_NAME["weight"]
    assert weight.minimum == 0 and weight.exclusive_minimum
    assert dd.BY_NAME["journey_days"].range_text() == "0 or more"
    assert dd.BY_NAME["journey_cost_usd"].range_text() == "0 or more"


def test_codes_are_those_of_the_specification():
    assert dd.BY_NAME["sex"].codes == ("male", "female", "other", "refused")
    assert dd.BY_NAME["travelling_with"].codes == ("alone", "family", "group_non_family")
    assert dd.YN_CODES == ("yes", "no", "dont_know", "refused")
    assert "XK" in dd.BY_NAME["country_of_interview"].allowed_codes()
    assert "SRB" in dd.BY_NAME["nationality"].allowed_codes()
    assert "RS" not in dd.BY_NAME["nationality"].allowed_codes()


def test_the_items_agree_with_the_analytics_indicators():
    assert dd.ITEMS == indicators.ITEMS
    assert set(dd.YN_CODES) == set(indicators.YN_VALUES)


def test_the_submission_table_has_a_column_for_every_canonical_column():
    fields = {field.name for field in Submission._meta.get_fields()}
    assert set(dd.NAMES) <= fields


def test_the_dictionary_and_the_import_modules_import_no_django():
    from pathlib import Path

    for module in (
        "dictionary.py",
        "iso3166.py",
        "importing/tables.py",
        "importing/mapping.py",
        "importing/validate.py",
        "importing/remote.py",
        "instrument/generate.py",
        "instrument/labels.py",
        "instrument/choice_labels.py",
        "instrument/languages.py",
    ):
        source = (Path(dd.__file__).parent / module).read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, module
