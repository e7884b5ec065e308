"""The case actions: opening from a screening, decisions, the reflection period, consent,
closure, optimistic locking — each asserting the audit event it wrote."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import actions, queries
from ctis.cases.models import Case, CaseEvent, ConsentEvent, StatusDecision
from ctis.cases.tests.conftest import completed_screening, decision, fresh, open_case

TODAY = datetime.date(2026, 3, 10)


def last_event(object_type: str) -> AuditEvent:
    event = AuditEvent.objects.filter(object_type=object_type).order_by("-seq").first()
    assert event is not None
    return event


def test_a_case_opens_from_a_screening_at_potential_with_its_consents(caseworker):
    screening = completed_screening(caseworker)
    case = open_case(caseworker, screening=screening)
    assert case.status == "potential"
    assert case.screening == screening
    assert case.organisation == caseworker.organisation and case.caseworker == caseworker
    assert case.code.startswith("C-") and len(case.code) == 8
    assert not set(case.code[2:]) & set("01OI")
    assert case.person.age_group == "24-26" and case.person.nationality == "SRB"
    opening = StatusDecision.objects.get(case=case)
    assert (opening.from_status, opening.to_status) == ("", "potential")
    assert opening.deciding_org_type == "ngo"
    consents = queries.current_consents(case)
    assert consents["services"].given and consents["disclosure"].given
    assert consents["cross_border"] is None
    created = last_event("case")
    assert created.action == "create" and created.object_id == case.code
    assert last_event("person").object_id == case.person.code


def test_a_case_can_start_at_presumed_with_the_decision_recorded_at_once(caseworker):
    screening = completed_screening(caseworker)
    case = open_case(
        caseworker, screening=screening, status="presumed", decision=decision(TODAY),
        today=TODAY,
    )  # fmt: skip
    assert case.status == "presumed"
    steps = list(StatusDecision.objects.filter(case=case).values_list("from_status", "to_status"))
    assert steps == [("", "potential"), ("potential", "presumed")]
    assert case.reflection_start == TODAY
    assert case.reflection_end == datetime.date(2026, 4, 8)


def test_presumed_needs_a_decision(caseworker):
    with pytest.raises(ValidationError):
        open_case(caseworker, status="presumed")
    with pytest.raises(ValidationError):
        open_case(caseworker, status="identified", decision=decision())
    assert not Case.objects.exists()


def test_a_screening_of_another_organisation_or_without_a_request_cannot_become_a_case(
    caseworker, outsider_same_country
):
    other = completed_screening(outsider_same_country)
    with pytest.raises(PermissionDenied):
        open_case(caseworker, screening=other)
    without = completed_screening(caseworker, request=False)
    with pytest.raises(ValidationError):
        open_case(caseworker, screening=without)
    screening = completed_screening(caseworker)
    open_case(caseworker, screening=screening)
    with pytest.raises(ValidationError, match="already has a case"):
        open_case(caseworker, screening=screening)


def test_people_without_case_permissions_cannot_open_cases(screener, coordinator):
    for user in (screener, coordinator):
        with pytest.raises(PermissionDenied):
            open_case(user)
    assert AuditEvent.objects.filter(action="permission_denied").count() == 2


def test_each_status_change_records_its_decision(caseworker, case):
    actor = Actor(user=caseworker)
    actions.change_status(
        actor=actor, case=case, revision=case.revision, to="presumed", decision=decision(TODAY),
        today=TODAY,
    )  # fmt: skip
    actions.change_status(
        actor=actor,
        case=case,
        revision=case.revision,
        to="identified",
        decision=decision(
            TODAY + datetime.timedelta(days=20),
            deciding_org_type="court_or_prosecution",
            deciding_body="Basic Public Prosecutor's Office",
            grounds="Formal identification.",
        ),
        today=TODAY + datetime.timedelta(days=20),
    )
    records = list(StatusDecision.objects.filter(case=case).order_by("pk"))
    assert [(r.from_status, r.to_status) for r in records] == [
        ("", "potential"), ("potential", "presumed"), ("presumed", "identified")
    ]  # fmt: skip
    last = records[-1]
    assert last.deciding_org_type == "court_or_prosecution"
    assert last.deciding_body == "Basic Public Prosecutor's Office"
    assert last.recorded_by == caseworker
    assert last.grounds == "Formal identification."
    assert fresh(case).status == "identified"
    event = last_event("case")
    assert event.action == "update" and "status" in event.changed_fields
    assert event.detail == "status:presumed>identified"


def test_a_forbidden_transition_changes_nothing(caseworker, case):
    revision = case.revision
    with pytest.raises(ValidationError, match="cannot go from potential to identified"):
        actions.change_status(
            actor=Actor(user=caseworker), case=case, revision=revision, to="identified",
            decision=decision(),
        )  # fmt: skip
    assert fresh(case).status == "potential" and fresh(case).revision == revision
    assert StatusDecision.objects.filter(case=case).count() == 1


def test_a_decision_needs_a_body_grounds_and_no_future_date(caseworker, case):
    for bad in (
        decision(grounds=" "),
        decision(deciding_body=""),
        decision(deciding_org_type="army"),
        decision(datetime.date.today() + datetime.timedelta(days=1)),
    ):
        with pytest.raises(ValidationError):
            actions.change_status(
                actor=Actor(user=caseworker), case=case, revision=case.revision, to="presumed",
                decision=bad,
            )  # fmt: skip
    assert fresh(case).status == "potential"


def test_the_reflection_period_uses_the_country_setting_and_the_childrens_length(
    caseworker, case, admin_user
):
    rs = case.country
    actions.set_country_settings(
        actor=Actor(user=admin_user), country=rs, adult_days=45, child_days=90
    )
    assert last_event("case_settings").object_id == "RS"
    actions.change_status(
        actor=Actor(user=caseworker), case=case, revision=case.revision, to="presumed",
        decision=decision(TODAY), today=TODAY,
    )  # fmt: skip
    adult = fresh(case)
    assert adult.reflection_end == TODAY + datetime.timedelta(days=44)
    assert adult.no_removal and not adult.reflection_for_child
    assert adult.reflection_days_left(TODAY) == 45
    assert adult.reflection_days_left(TODAY + datetime.timedelta(days=44)) == 1
    assert not adult.in_reflection(TODAY + datetime.timedelta(days=45))

    child = open_case(
        caseworker, person={"birth_date": datetime.date(2011, 1, 1)}, status="presumed",
        decision=decision(TODAY), today=TODAY,
    )  # fmt: skip
    assert child.person.is_child and child.reflection_for_child
    assert child.reflection_end == TODAY + datetime.timedelta(days=89)


def test_the_reflection_period_cannot_be_set_below_the_council_of_europe_minimum(
    case, admin_user, coordinator
):
    with pytest.raises(ValidationError, match="at least 30"):
        actions.set_country_settings(
            actor=Actor(user=admin_user), country=case.country, adult_days=30, child_days=29
        )
    with pytest.raises(PermissionDenied):
        actions.set_country_settings(
            actor=Actor(user=coordinator), country=case.country, adult_days=60, child_days=60
        )


def test_not_a_victim_clears_the_no_removal_flag(caseworker, case):
    actor = Actor(user=caseworker)
    actions.change_status(actor=actor, case=case, revision=case.revision, to="presumed",
                          decision=decision())  # fmt: skip
    assert fresh(case).no_removal
    actions.change_status(actor=actor, case=case, revision=case.revision, to="not_a_victim",
                          decision=decision())  # fmt: skip
    assert not fresh(case).no_removal


def test_consent_is_a_history_of_given_and_withdrawn(caseworker, case):
    actor = Actor(user=caseworker)
    actions.record_consent(actor=actor, case=case, purpose="family_tracing", given=True)
    assert queries.has_consent(case, "family_tracing")
    assert last_event("consent").detail == "given"
    actions.record_consent(actor=actor, case=case, purpose="family_tracing", given=False)
    assert not queries.has_consent(case, "family_tracing")
    assert last_event("consent").changed_fields == ["family_tracing"]
    history = ConsentEvent.objects.filter(case=case, purpose="family_tracing").order_by("pk")
    assert [e.given for e in history] == [True, False]
    with pytest.raises(ValidationError):
        actions.record_consent(actor=actor, case=case, purpose="marketing", given=True)


def test_a_childs_consent_needs_assent_and_a_guardian(caseworker):
    child = open_case(caseworker, person={"birth_date": datetime.date(2012, 5, 5)})
    actor = Actor(user=caseworker)
    with pytest.raises(ValidationError, match="assent"):
        actions.record_consent(actor=actor, case=child, purpose="services", given=True,
                               child_assent=True)  # fmt: skip
    actions.record_consent(actor=actor, case=child, purpose="services", given=True,
                           child_assent=True, guardian_consent=True)  # fmt: skip
    assert queries.has_consent(child, "services")


def test_closing_and_reopening_need_a_supervisor_and_stay_in_the_timeline(
    caseworker, supervisor, case
):
    with pytest.raises(PermissionDenied):
        actions.close_case(actor=Actor(user=caseworker), case=case, revision=case.revision,
                           reason="declined")  # fmt: skip
    actions.close_case(actor=Actor(user=supervisor), case=case, revision=case.revision,
                       reason="declined")  # fmt: skip
    assert not fresh(case).is_open and fresh(case).closure_reason == "declined"
    assert last_event("case").detail == "closed:declined"
    with pytest.raises(ValidationError, match="Reopen"):
        actions.change_status(actor=Actor(user=caseworker), case=case, revision=case.revision,
                              to="presumed", decision=decision())  # fmt: skip
    actions.reopen_case(actor=Actor(user=supervisor), case=case, revision=case.revision)
    assert fresh(case).is_open
    kinds = [entry.kind for entry in queries.timeline(case)]
    assert "closed" in kinds and "reopened" in kinds


def test_notes_are_added_and_audited(caseworker, case):
    actions.add_note(actor=Actor(user=caseworker), case=case, text="Needs a Dari interpreter.")
    assert case.notes.get().text == "Needs a Dari interpreter."
    assert last_event("case_note").object_id == case.code
    assert queries.timeline(case)[0].kind == "note"


def test_a_save_based_on_an_older_revision_is_refused_and_says_what_changed(
    caseworker, supervisor, case
):
    started_from = case.revision
    # The supervisor saves first, from their own copy of the case.
    theirs = fresh(case)
    actions.update_person(actor=Actor(user=supervisor), case=theirs, revision=started_from,
                          data={"phone": "+000 61 999 0000"})  # fmt: skip
    mine = fresh(case)
    with pytest.raises(actions.StaleEdit) as stale:
        actions.update_person(actor=Actor(user=caseworker), case=mine, revision=started_from,
                              data={"address": "Somewhere 1"})  # fmt: skip
    assert stale.value.changed_fields == {"phone"}
    assert stale.value.events[0].by == supervisor
    assert fresh(case).person.address is None
    assert fresh(case).person.phone == "+000 61 999 0000"


def test_the_compare_and_swap_catches_a_race_the_first_check_missed(caseworker, case):
    # Both loaded revision 1; the other save lands between this one's check and its update.
    mine = fresh(case)
    other = fresh(case)
    actions.update_person(actor=Actor(user=caseworker), case=other, revision=other.revision,
                          data={"languages": "ar"})  # fmt: skip
    with pytest.raises(actions.StaleEdit):
        actions.change_status(actor=Actor(user=caseworker), case=mine, revision=mine.revision,
                              to="presumed", decision=decision())  # fmt: skip
    assert fresh(case).status == "potential"


def test_an_edit_names_the_changed_fields_not_their_values(caseworker, case):
    changed = actions.update_person(
        actor=Actor(user=caseworker), case=case, revision=case.revision,
        data={"name_latin": "Zorislava Djurdjevic", "sex": "female"},
    )  # fmt: skip
    assert changed == ["name_latin"]
    event = last_event("person")
    assert event.changed_fields == ["name_latin"]
    assert "zorislava" not in (event.detail + str(event.changed_fields)).casefold()
    assert CaseEvent.objects.filter(case=case, kind="edited").get().field_names == ["name_latin"]
    assert actions.update_person(actor=Actor(user=caseworker), case=case,
                                 revision=case.revision, data={}) == []  # fmt: skip
