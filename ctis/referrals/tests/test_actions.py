"""refer() and change_status(): consent gating and override, every transition through the
action, who may make which change, transfers, due dates; each asserts what it audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import queries as case_queries
from ctis.cases.models import Case
from ctis.cases.tests.conftest import open_case
from ctis.directory import actions as directory_actions
from ctis.referrals import actions
from ctis.referrals.models import Referral, ReferralEvent
from ctis.referrals.tests.conftest import consent, move, refer

pytestmark = pytest.mark.django_db
OVERRIDE = "Vesna Petrović is in danger tonight; consent to be taken tomorrow."


def raw(column: str, referral: Referral) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM referrals_referral WHERE id = %s", [referral.pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_a_referral_abroad_with_every_consent_is_pending_with_a_history_row(
    caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, needs=["shelter"])
    assert referral.status == "pending"
    assert referral.code.startswith("R-")
    assert referral.cross_border is True
    assert referral.from_country.code == "RS" and referral.to_country.code == "BA"
    assert referral.consent_overridden == "" and referral.override_reason is None
    assert referral.due_on == datetime.date.today() + datetime.timedelta(days=5)
    [event] = ReferralEvent.objects.filter(referral=referral)
    assert (event.from_status, event.to_status, event.by) == ("", "pending", caseworker)
    audit = AuditEvent.objects.get(object_type="referral", object_id=referral.code)
    assert audit.action == "create"
    assert audit.detail == f"case:{case.code} referral to:BA sharing:minimal"
    assert not AuditEvent.objects.filter(object_type="consent_override").exists()


@pytest.mark.parametrize(
    ("withdrawn", "abroad", "missing"),
    [
        ("services", False, "services"),
        ("disclosure", False, "disclosure"),
        ("cross_border", True, "cross_border"),
    ],
)
def test_missing_consent_blocks_a_referral_without_a_reason(
    caseworker, case, receiver_abroad, receiver_home, withdrawn, abroad, missing
):
    consent(caseworker, case, withdrawn, given=False)  # the latest event counts
    to = receiver_abroad if abroad else receiver_home
    with pytest.raises(ValidationError) as error:
        refer(caseworker, case, to)
    assert "override_reason" in error.value.message_dict
    assert not Referral.objects.exists()
    assert actions.missing_consents(
        case, to_organisation=to.organisation, to_country_code=to.organisation.country.code
    ) == [missing]


def test_cross_border_consent_is_not_needed_in_the_same_country(caseworker, case, receiver_home):
    consent(caseworker, case, "cross_border", given=False)
    referral = refer(caseworker, case, receiver_home)
    assert referral.cross_border is False and referral.consent_overridden == ""


def test_an_override_is_audited_and_its_reason_is_stored_encrypted(caseworker, receiver_abroad):
    case = open_case(caseworker)  # no consent recorded at all
    referral = refer(caseworker, case, receiver_abroad, override_reason=OVERRIDE)
    assert referral.consent_overridden == "services disclosure cross_border"
    assert Referral.objects.get(pk=referral.pk).override_reason == OVERRIDE
    stored = raw("override_reason", referral)
    assert "Vesna" not in stored and "danger" not in stored
    assert stored.startswith("e2:")
    audit = AuditEvent.objects.get(object_type="consent_override")
    assert audit.object_id == referral.code
    assert audit.changed_fields == ["cross_border", "disclosure", "services"]
    assert "Vesna" not in audit.detail


def test_a_summary_is_refused_at_the_minimal_level_and_stored_encrypted_otherwise(
    caseworker, case, receiver_abroad
):
    with pytest.raises(ValidationError):
        refer(caseworker, case, receiver_abroad, summary="Needs a lawyer.")
    referral = refer(
        caseworker, case, receiver_abroad, sharing_level="summary", summary="Needs a lawyer."
    )
    assert "lawyer" not in raw("summary", referral)


def test_only_the_owner_with_refer_may_refer(
    case, receiver_abroad, outsider_other_country, coordinator
):
    for user in (receiver_abroad, outsider_other_country, coordinator):
        with pytest.raises(PermissionDenied):
            refer(user, case, receiver_abroad)
    assert AuditEvent.objects.filter(action="permission_denied").count() == 3


def test_a_referral_needs_one_target_an_open_case_and_a_due_date_not_in_the_past(
    caseworker, supervisor, case, receiver_abroad
):
    with pytest.raises(ValidationError):
        actions.refer(actor=Actor(user=caseworker), case=case, sharing_level="minimal")
    with pytest.raises(ValidationError):
        refer(caseworker, case, caseworker)  # its own organisation
    with pytest.raises(ValidationError):
        refer(
            caseworker, case, receiver_abroad,
            due_on=datetime.date.today() - datetime.timedelta(days=1),
        )  # fmt: skip
    from ctis.cases import actions as case_actions

    case_actions.close_case(
        actor=Actor(user=supervisor), case=case, revision=case.revision, reason="duplicate"
    )
    with pytest.raises(ValidationError):
        refer(caseworker, case, receiver_abroad)


# --- every transition through the action ----------------------------------------------------


def test_accept_then_complete(caseworker, case, receiver_abroad):
    referral = refer(caseworker, case, receiver_abroad)
    referral = move(receiver_abroad, referral, "accepted")
    assert referral.status == "accepted" and referral.accepted_at is not None
    referral = move(receiver_abroad, referral, "completed")
    assert referral.status == "completed" and referral.closed_at is not None
    history = list(referral.events.values_list("from_status", "to_status"))
    assert history == [("", "pending"), ("pending", "accepted"), ("accepted", "completed")]
    details = list(
        AuditEvent.objects.filter(object_type="referral", action="update")
        .order_by("seq")
        .values_list("detail", flat=True)
    )
    assert details == [
        f"status:pending>accepted case:{case.code}",
        f"status:accepted>completed case:{case.code}",
    ]


def test_decline_needs_a_reason_kept_encrypted(caseworker, case, receiver_abroad):
    referral = refer(caseworker, case, receiver_abroad)
    with pytest.raises(ValidationError):
        move(receiver_abroad, referral, "declined")
    referral = move(receiver_abroad, referral, "declined", reason="No place for Vesna.")
    assert referral.status == "declined"
    assert referral.decline_reason == "No place for Vesna."
    assert "Vesna" not in raw("decline_reason", referral)


def test_the_sender_withdraws_when_pending_or_accepted(caseworker, case, receiver_abroad):
    first = move(caseworker, refer(caseworker, case, receiver_abroad), "withdrawn")
    assert first.status == "withdrawn"
    second = move(receiver_abroad, refer(caseworker, case, receiver_abroad), "accepted")
    assert move(caseworker, second, "withdrawn").status == "withdrawn"


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ((), "completed"),  # pending → completed
        (("declined",), "accepted"),
        (("declined",), "withdrawn"),
        (("accepted", "completed"), "withdrawn"),
        (("accepted",), "declined"),
        (("accepted",), "accepted"),
    ],
)
def test_forbidden_changes_are_refused(caseworker, case, receiver_abroad, path, forbidden):
    referral = refer(caseworker, case, receiver_abroad)
    for step in path:
        referral = move(receiver_abroad, referral, step, reason="No places.")
    side = caseworker if forbidden == "withdrawn" else receiver_abroad
    with pytest.raises(ValidationError):
        move(side, referral, forbidden, reason="x")
    assert Referral.objects.get(pk=referral.pk).status == referral.status


def test_the_sender_cannot_answer_and_the_receiver_cannot_withdraw(
    caseworker, case, receiver_abroad, outsider_other_country
):
    referral = refer(caseworker, case, receiver_abroad)
    for user, to in (
        (caseworker, "accepted"),
        (caseworker, "declined"),
        (receiver_abroad, "withdrawn"),
        (outsider_other_country, "accepted"),
    ):
        with pytest.raises(PermissionDenied):
            move(user, referral, to, reason="x")
    assert Referral.objects.get(pk=referral.pk).status == "pending"


def test_a_stale_referral_is_not_moved_twice(caseworker, case, receiver_abroad):
    referral = refer(caseworker, case, receiver_abroad)
    stale = Referral.objects.get(pk=referral.pk)
    move(receiver_abroad, referral, "accepted")
    with pytest.raises(ValidationError):
        # The copy still says pending: the compare-and-swap on the status refuses it.
        actions.change_status(actor=Actor(user=caseworker), referral=stale, to="withdrawn")
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_a_service_outside_ctis_has_its_answer_recorded_by_the_sender(caseworker, case, admin_user):
    from ctis.accounts.models import Country

    provider = directory_actions.create_provider(
        actor=Actor(user=admin_user), name="Clinic", country=Country.objects.get(code="RS")
    )
    service = directory_actions.create_service(
        actor=Actor(user=admin_user),
        provider=provider,
        data={"kind": "medical", "name": "Clinic care", "municipality": "Beograd"},
        languages=["sr"],
    )
    referral = actions.refer(
        actor=Actor(user=caseworker), case=case, service=service, sharing_level="minimal"
    )
    assert referral.to_organisation is None and referral.need_codes == ["medical"]
    assert move(caseworker, referral, "accepted").status == "accepted"


# --- transfer of ownership ------------------------------------------------------------------


def test_an_accepted_transfer_moves_the_case_and_the_old_owner_loses_it(
    caseworker, case, receiver_abroad
):
    transfer = refer(caseworker, case, receiver_abroad, kind="transfer", sharing_level="full")
    assert case_queries.cases_visible_to(receiver_abroad).count() == 0
    move(receiver_abroad, transfer, "accepted")
    moved = Case.objects.get(pk=case.pk)
    assert moved.organisation == receiver_abroad.organisation
    assert moved.country.code == "BA"
    assert moved.caseworker == receiver_abroad
    assert moved.revision == case.revision + 1
    assert list(case_queries.cases_visible_to(receiver_abroad)) == [moved]
    assert not case_queries.cases_visible_to(caseworker).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="case", object_id=case.code, detail=f"transferred:{transfer.code}"
    ).exists()
    # Accepted is final for a transfer: nothing to complete, nothing to withdraw.
    with pytest.raises(ValidationError):
        move(receiver_abroad, transfer, "completed")


def test_a_declined_transfer_leaves_the_case_where_it_was(caseworker, case, receiver_abroad):
    transfer = refer(caseworker, case, receiver_abroad, kind="transfer")
    move(receiver_abroad, transfer, "declined", reason="Cannot take him.")
    assert Case.objects.get(pk=case.pk).organisation == caseworker.organisation


def test_one_transfer_at_a_time_and_only_to_an_organisation(
    caseworker, case, receiver_abroad, receiver_home
):
    refer(caseworker, case, receiver_abroad, kind="transfer")
    with pytest.raises(ValidationError):
        refer(caseworker, case, receiver_home, kind="transfer")


# --- due dates ------------------------------------------------------------------------------


def test_a_pending_referral_is_overdue_the_day_after_it_was_due(caseworker, case, receiver_abroad):
    today = datetime.date.today()
    referral = refer(caseworker, case, receiver_abroad, due_on=today)
    assert not referral.is_overdue(today)
    assert referral.is_overdue(today + datetime.timedelta(days=1))
    accepted = move(receiver_abroad, referral, "accepted")
    assert not accepted.is_overdue(today + datetime.timedelta(days=30))
