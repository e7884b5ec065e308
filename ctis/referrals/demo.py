"""Fictional demo referrals in every state, cross-border ones included, made through the real
actions from the demo cases (``ctis.cases.demo`` runs first) and backdated so that the waits
and the overdue flags mean something.

Deterministic; loading again adds nothing. Refuses to run in production mode.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ctis.accounts.models import User
from ctis.audit.context import Actor
from ctis.cases import actions as case_actions
from ctis.cases.models import Case, ConsentEvent
from ctis.directory.models import Service
from ctis.referrals import actions
from ctis.referrals.models import Referral

# Sender country → receiver country: every country sends one cross-border series.
PAIRS: tuple[tuple[str, str], ...] = (
    ("MK", "RS"),
    ("RS", "ME"),
    ("BA", "XK"),
    ("AL", "MK"),
    ("XK", "AL"),
    ("ME", "BA"),
)

# (final status, days ago sent, days to answer, days until accepted, sharing, needs)
SERIES: tuple[tuple[str, int, int, int | None, str, tuple[str, ...]], ...] = (
    ("pending", 9, 5, None, "minimal", ("shelter",)),  # overdue
    ("pending", 1, 5, None, "summary", ("legal_aid",)),
    ("accepted", 12, 5, 2, "summary", ("shelter", "psychosocial")),
    ("completed", 30, 5, 1, "full", ("avrr",)),
    ("declined", 20, 5, None, "minimal", ("accommodation",)),
    ("withdrawn", 15, 5, None, "summary", ("medical",)),
)

SUMMARY = "Demonstration summary (fictional): needs a safe place and a lawyer."


def _user(country: str) -> User | None:
    return User.objects.filter(is_demo=True, username=f"caseworker.{country.lower()}").first()


def _consent_all(actor: Actor, case: Case) -> None:
    child = case.person.is_child
    for purpose in (
        ConsentEvent.Purpose.SERVICES,
        ConsentEvent.Purpose.DISCLOSURE,
        ConsentEvent.Purpose.CROSS_BORDER,
    ):
        case_actions.record_consent(
            actor=actor, case=case, purpose=purpose, given=True,
            child_assent=child, guardian_consent=child,
        )  # fmt: skip


def _finish(
    referral: Referral,
    status: str,
    *,
    sender: Actor,
    receiver: Actor,
    sent: datetime.datetime,
    accepted_after: int | None,
) -> None:
    if status in {"accepted", "completed"}:
        assert accepted_after is not None
        at = sent + datetime.timedelta(days=accepted_after, hours=3)
        actions.change_status(actor=receiver, referral=referral, to="accepted", now=at)
        if status == "completed":
            actions.change_status(
                actor=receiver,
                referral=referral,
                to="completed",
                now=at + datetime.timedelta(days=4),
            )
    elif status == "declined":
        actions.change_status(
            actor=receiver,
            referral=referral,
            to="declined",
            reason="No places this month (demonstration).",
            now=sent + datetime.timedelta(days=2),
        )
    elif status == "withdrawn":
        actions.change_status(
            actor=sender, referral=referral, to="withdrawn", now=sent + datetime.timedelta(days=1)
        )


def load() -> None:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production mode.")
    if Referral.objects.filter(created_by__is_demo=True).exists():
        return
    now = timezone.now()
    for from_country, to_country in PAIRS:
        sender_user, receiver_user = _user(from_country), _user(to_country)
        if sender_user is None or receiver_user is None:
            continue
        assert receiver_user.organisation is not None
        sender = Actor(user=sender_user, label="demo loader")
        receiver = Actor(user=receiver_user, label="demo loader")
        cases = list(
            Case.objects.filter(
                opened_by__is_demo=True, country__code=from_country, closed_at__isnull=True
            ).order_by("opened_at", "pk")
        )
        if not cases:
            continue
        with transaction.atomic():
            for index, (status, ago, answer_in, accepted_after, level, needs) in enumerate(SERIES):
                case = cases[index % len(cases)]
                _consent_all(sender, case)
                sent = now - datetime.timedelta(days=ago)
                referral = actions.refer(
                    actor=sender,
                    case=case,
                    to_organisation=receiver_user.organisation,
                    sharing_level=level,
                    needs=needs,
                    summary=SUMMARY if level != "minimal" else "",
                    due_on=(sent + datetime.timedelta(days=answer_in)).date(),
                    now=sent,
                )
                _finish(
                    referral, status, sender=sender, receiver=receiver, sent=sent,
                    accepted_after=accepted_after,
                )  # fmt: skip
            # An off-system referral: to a service of the sender's own country whose provider
            # is not in ctis (the sender prints the letter and records its answer), sent with a
            # logged consent override: the person had withdrawn consent to telling other
            # organisations.
            service = (
                Service.objects.filter(
                    provider__country__code=from_country,
                    provider__organisation__isnull=True,
                    is_active=True,
                )
                .order_by("name")
                .first()
            )
            if service is not None:
                case = cases[-1]
                case_actions.record_consent(
                    actor=sender, case=case, purpose=ConsentEvent.Purpose.DISCLOSURE, given=False
                )
                sent = now - datetime.timedelta(days=4)
                referral = actions.refer(
                    actor=sender,
                    case=case,
                    service=service,
                    sharing_level="minimal",
                    message="Please call the caseworker before the first appointment.",
                    eligibility_override=True,
                    override_reason="Urgent medical need; consent to be recorded at the next "
                    "meeting (demonstration).",
                    now=sent,
                )
                _finish(
                    referral, "accepted", sender=sender, receiver=sender, sent=sent,
                    accepted_after=1,
                )  # fmt: skip
    _transfer_demo(now)


def _transfer_demo(now: datetime.datetime) -> None:
    """One case opened in Bosnia and Herzegovina for a person moving to Kosovo*, transferred
    and accepted; another transfer from Serbia waiting for an answer."""
    ba, xk = _user("BA"), _user("XK")
    if ba is not None and xk is not None and xk.organisation is not None:
        sender = Actor(user=ba, label="demo loader")
        case = case_actions.open_case(
            actor=sender,
            person={
                "name": "Arta Berisha",
                "name_script": "Latn",
                "name_latin": "Arta Berisha",
                "sex": "female",
                "nationality": "XKX",
                "languages": "sq",
                "phone": "+000 77 555 0101",
            },
        )
        _consent_all(sender, case)
        sent = now - datetime.timedelta(days=10)
        transfer = actions.refer(
            actor=sender,
            case=case,
            kind=Referral.Kind.TRANSFER,
            to_organisation=xk.organisation,
            sharing_level="full",
            summary="Demonstration summary (fictional): moving to her family in Prishtina.",
            now=sent,
        )
        actions.change_status(
            actor=Actor(user=xk, label="demo loader"),
            referral=transfer,
            to="accepted",
            now=sent + datetime.timedelta(days=3),
        )
    rs, me = _user("RS"), _user("ME")
    if rs is not None and me is not None and me.organisation is not None:
        sender = Actor(user=rs, label="demo loader")
        waiting = (
            Case.objects.filter(opened_by__is_demo=True, country__code="RS", closed_at__isnull=True)
            .order_by("-opened_at")
            .first()
        )
        if waiting is not None:
            case = waiting
            _consent_all(sender, case)
            actions.refer(
                actor=sender,
                case=case,
                kind=Referral.Kind.TRANSFER,
                to_organisation=me.organisation,
                sharing_level="summary",
                summary=SUMMARY,
                now=now - datetime.timedelta(days=2),
            )
