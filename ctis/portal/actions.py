"""The only write path for the portal. Staff actions are atomic, scoped and audited.

``count`` is the one exception to auditing: it runs for anonymous visitors, and an audit
event would store the visitor's address. It stores a number and nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.portal.languages import PORTAL_LANGUAGES
from ctis.portal.models import (
    Campaign,
    DailyCount,
    EmergencyNumber,
    Material,
    OutreachSession,
    Page,
    PageTranslation,
)

TRANSLATION_FIELDS = ("title", "summary", "body")
SESSION_FIELDS = ("held_on", "place", "language", "women", "men", "girls", "boys", "others")


def _require(actor: Actor, countries: Iterable[str | None]) -> None:
    """Deny (and audit the denial) unless the actor may manage the programme in every country.

    ``None`` stands for the regional level. System actors (demo loader, commands) pass.
    """
    if actor.user is None:
        return
    for code in countries:
        if not permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, code):
            audit.record(
                actor=actor, action=audit.Action.PERMISSION_DENIED, detail="manage_programme"
            )
            raise PermissionDenied


def _page_country(page: Page) -> str | None:
    return page.country.code if page.country else None


# --- Pages -----------------------------------------------------------------------------------


def create_page(
    *, actor: Actor, slug: str, country: Country | None = None, position: int = 100
) -> Page:
    _require(actor, [country.code if country else None])
    with transaction.atomic():
        page = Page(slug=slug, country=country, position=position)
        page.full_clean()
        page.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="portal_page",
            object_id=str(page.public_id),
            changed_fields=["slug", "country", "position"],
        )
    return page


def save_translation(
    *,
    actor: Actor,
    page: Page,
    language: str,
    data: Mapping[str, Any],
    reviewed: bool = False,
) -> PageTranslation:
    """Create or change a page's text in ``language``.

    Any change of the text sends it back to review, unless ``reviewed`` says the actor (a
    reviewer, or the demo loader) vouches for it; only reviewed text is published.
    """
    _require(actor, [_page_country(page)])
    if language not in PORTAL_LANGUAGES:
        raise ValidationError({"language": "not a portal language"})
    with transaction.atomic():
        translation = PageTranslation.objects.filter(page=page, language=language).first()
        created = translation is None
        if translation is None:
            translation = PageTranslation(page=page, language=language)
        changed = [f for f in TRANSLATION_FIELDS if getattr(translation, f) != data.get(f, "")]
        for name in changed:
            setattr(translation, name, data.get(name, ""))
        status = (
            PageTranslation.Status.REVIEWED
            if reviewed
            else (
                PageTranslation.Status.NEEDS_REVIEW
                if changed
                else PageTranslation.Status(translation.status)
            )
        )
        if translation.status != status:
            changed.append("status")
            translation.status = status
        if status == PageTranslation.Status.REVIEWED and ("status" in changed or created):
            translation.reviewed_by = actor.user
            translation.reviewed_at = timezone.now()
        elif status == PageTranslation.Status.NEEDS_REVIEW:
            translation.reviewed_by, translation.reviewed_at = None, None
        if not changed and not created:
            return translation
        translation.full_clean()
        translation.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            object_type="portal_page_translation",
            object_id=str(page.public_id),
            changed_fields=changed,
            detail=f"language:{language}",
        )
    return translation


def mark_reviewed(*, actor: Actor, translation: PageTranslation) -> PageTranslation:
    """Approve a translation for publication."""
    _require(actor, [_page_country(translation.page)])
    if translation.status == PageTranslation.Status.REVIEWED:
        return translation
    with transaction.atomic():
        translation.status = PageTranslation.Status.REVIEWED
        translation.reviewed_by = actor.user
        translation.reviewed_at = timezone.now()
        translation.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="portal_page_translation",
            object_id=str(translation.page.public_id),
            changed_fields=["status"],
            detail=f"reviewed:{translation.language}",
        )
    return translation


def set_emergency_number(
    *, actor: Actor, country: Country, kind: str, number: str, position: int = 100
) -> EmergencyNumber:
    _require(actor, [country.code])
    with transaction.atomic():
        entry, created = EmergencyNumber.objects.update_or_create(
            country=country, kind=kind, defaults={"number": number, "position": position}
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            object_type="portal_emergency_number",
            object_id=f"{country.code}:{kind}",
            changed_fields=["number", "position"],
        )
    return entry


def remove_emergency_number(*, actor: Actor, country: Country, kind: str) -> None:
    _require(actor, [country.code])
    with transaction.atomic():
        deleted, _ = EmergencyNumber.objects.filter(country=country, kind=kind).delete()
        if deleted:
            audit.record(
                actor=actor,
                action=audit.Action.DELETE,
                object_type="portal_emergency_number",
                object_id=f"{country.code}:{kind}",
                changed_fields=["number"],
            )


# --- Campaigns -------------------------------------------------------------------------------


def create_campaign(
    *,
    actor: Actor,
    name: str,
    countries: Iterable[Country],
    languages: Iterable[str],
    target_groups: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Campaign:
    """Create a campaign; the actor must manage the programme in every one of its countries."""
    country_list = list(countries)
    codes = sorted({code for code in languages if code in PORTAL_LANGUAGES})
    if not country_list or not codes:
        raise ValidationError("a campaign needs at least one country and one language")
    _require(actor, [c.code for c in country_list])
    with transaction.atomic():
        campaign = Campaign(
            name=name,
            languages=" ".join(codes),
            target_groups=target_groups,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        campaign.full_clean()
        campaign.save()
        campaign.countries.set(country_list)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="campaign",
            object_id=str(campaign.public_id),
            changed_fields=["name", "countries", "languages", "target_groups", "period"],
        )
    return campaign


def add_material(*, actor: Actor, campaign: Campaign, country: Country, language: str) -> Material:
    """A leaflet for one of the campaign's countries and languages, with its own QR code."""
    _require(actor, campaign.country_codes)
    if country.code not in campaign.country_codes or language not in campaign.language_codes:
        raise ValidationError("the leaflet's country and language must be the campaign's")
    with transaction.atomic():
        material, created = Material.objects.get_or_create(
            campaign=campaign, kind=Material.Kind.LEAFLET, country=country, language=language
        )
        if created:
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                object_type="campaign_material",
                object_id=str(material.public_id),
                changed_fields=["campaign", "country", "language", "code"],
            )
    return material


def record_outreach_session(
    *, actor: Actor, campaign: Campaign, country: Country, data: Mapping[str, Any]
) -> OutreachSession:
    """Record an outreach session: counts of people reached by sex and age group, no names."""
    _require(actor, [country.code])
    if country.code not in campaign.country_codes:
        raise ValidationError("the session must take place in one of the campaign's countries")
    with transaction.atomic():
        session = OutreachSession(
            campaign=campaign,
            country=country,
            **{k: v for k, v in data.items() if k in SESSION_FIELDS},
        )
        session.full_clean()
        session.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="outreach_session",
            object_id=str(session.public_id),
            changed_fields=["country", *sorted(k for k in data if k in SESSION_FIELDS)],
        )
    return session


# --- Anonymous counters ----------------------------------------------------------------------


def count(
    *, kind: str, language: str, page: str = "", campaign_code: str = "", day: datetime.date
) -> None:
    """Add one to the day's counter. Nothing about the visitor is passed in or kept."""
    key = {
        "day": day,
        "kind": kind,
        "campaign_code": campaign_code,
        "language": language,
        "page": page[:80],
    }
    if DailyCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(**key, count=1)
    except IntegrityError:  # another request created the row in between
        DailyCount.objects.filter(**key).update(count=F("count") + 1)
