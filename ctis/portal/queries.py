"""Reading the portal: what visitors may see, and what staff may manage.

The public side never hands a template a directory ``Service``: it hands a ``PublicService``,
built here, that simply has no confidential address to show.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from ctis.accounts import permissions
from ctis.accounts.models import Country, User
from ctis.accounts.roles import Perm
from ctis.core import places
from ctis.directory import queries as directory
from ctis.directory.models import Service, ServiceTranslation
from ctis.portal.languages import PORTAL_LANGUAGES, SOURCE_LANGUAGE
from ctis.portal.models import (
    Campaign,
    DailyCount,
    EmergencyNumber,
    Material,
    OutreachSession,
    Page,
    PageTranslation,
)

# --- Public pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPage:
    """A page as a visitor reads it: in their language if reviewed, else in English."""

    slug: str
    title: str
    summary: str
    body: str
    language: str  # the language the text is in
    fallback: bool  # True when the visitor asked for another language


def _published() -> QuerySet[Page]:
    """Published pages whose English source text has been reviewed."""
    return (
        Page.objects.filter(
            is_published=True,
            translations__language=SOURCE_LANGUAGE,
            translations__status=PageTranslation.Status.REVIEWED,
        )
        .select_related("country")
        .prefetch_related("translations")
    )


def published_pages(country: str | None = None) -> QuerySet[Page]:
    """Published pages for every country, plus those of ``country`` if given."""
    where = Q(country__isnull=True)
    if country:
        where |= Q(country__code=country.upper())
    return _published().filter(where)


def _shown(page: Page, language: str) -> PublicPage | None:
    reviewed = {
        t.language: t
        for t in page.translations.all()
        if t.status == PageTranslation.Status.REVIEWED
    }
    chosen = reviewed.get(language) or reviewed.get(SOURCE_LANGUAGE)
    if chosen is None:
        return None
    return PublicPage(
        slug=page.slug,
        title=chosen.title,
        summary=chosen.summary,
        body=chosen.body,
        language=chosen.language,
        fallback=chosen.language != language,
    )


def page_list(language: str, country: str | None = None) -> list[PublicPage]:
    return [
        shown for page in published_pages(country) if (shown := _shown(page, language)) is not None
    ]


def public_page(slug: str, language: str) -> PublicPage | None:
    """The page ``slug`` in ``language`` (reviewed) or English; None if not published."""
    page = _published().filter(slug=slug).first()
    return _shown(page, language) if page is not None else None


# --- Find help -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicService:
    """What the portal may say about a service. A confidential address is not even carried."""

    kind: str
    name: str
    description: str
    description_language: str
    municipality: str
    country: str
    address: str  # empty unless the provider allowed it to be public
    address_withheld: bool
    phone: str
    opening_hours: str
    available_24_7: bool
    eligible_sex: str
    ages: str
    languages: list[str] = field(default_factory=list)


def _public(service: Service, language: str) -> PublicService:
    reviewed: dict[str, ServiceTranslation] = {
        t.language: t
        for t in service.translations.all()
        if t.status == ServiceTranslation.Status.REVIEWED
    }
    translation = reviewed.get(language)
    ages = ""
    if service.min_age is not None or service.max_age is not None:
        ages = f"{service.min_age if service.min_age is not None else 0}–" + (
            str(service.max_age) if service.max_age is not None else ""
        )
    return PublicService(
        kind=service.kind,
        name=translation.name if translation else service.name,
        description=translation.description if translation else service.description,
        description_language=language if translation else SOURCE_LANGUAGE,
        municipality=service.municipality,
        country=service.provider.country.code,
        address=service.address if service.address_is_public else "",
        address_withheld=bool(service.address) and not service.address_is_public,
        phone=service.phone,
        opening_hours=service.opening_hours,
        available_24_7=service.available_24_7,
        eligible_sex=service.eligible_sex,
        ages=ages,
        languages=sorted(
            service.language_codes,
            key=lambda code: (code not in PORTAL_LANGUAGES, code != language, code),
        ),
    )


def find_help(
    *, language: str, country: str = "", town: str = "", need: str = "", speaks: str = ""
) -> list[PublicService]:
    """Public, active services matching every filter given (empty filters match all).

    The town is matched across scripts, spellings and case endings (``ctis.core.places``)
    against the towns present in the directory: "Sarajevu" and "سارایوو" find Sarajevo.
    """
    services = directory.search(
        directory.public_services(),
        directory.ServiceSearch(kind=need, country=country, language=speaks),
    )
    if town.strip():
        present = sorted(set(services.values_list("municipality", flat=True)) - {""})
        services = services.filter(municipality__in=places.matching(town, present))
    return [_public(service, language) for service in services[:100]]


@dataclass(frozen=True)
class CountryNumbers:
    country: str
    numbers: list[tuple[str, str]]  # (EmergencyNumber.Kind, number)
    helplines: list[PublicService]


def numbers(language: str, country: str | None = None) -> list[CountryNumbers]:
    """Emergency numbers and public hotlines, per country (one country if given)."""
    countries = Country.objects.order_by("name")
    if country:
        countries = countries.filter(code=country.upper())
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number in EmergencyNumber.objects.select_related("country").order_by("position", "kind"):
        by_country[number.country.code].append((number.kind, number.number))
    hotlines: dict[str, list[PublicService]] = defaultdict(list)
    for service in directory.public_services().filter(kind=Service.Kind.HOTLINE):
        hotlines[service.provider.country.code].append(_public(service, language))
    result = []
    for c in countries:
        listed = {number for _kind, number in by_country.get(c.code, [])}
        # A hotline whose number is already listed as an emergency number is not repeated.
        lines = [line for line in hotlines.get(c.code, []) if line.phone not in listed]
        if listed or lines:
            result.append(CountryNumbers(c.code, by_country.get(c.code, []), lines))
    return result


def campaign_code_exists(code: str) -> bool:
    return bool(code) and Material.objects.filter(code=code).exists()


# --- Staff -----------------------------------------------------------------------------------


def pages_manageable_by(user: User) -> QuerySet[Page]:
    """Regional pages for regional staff; a country's pages for that country's staff."""
    countries = permissions.countries_for(user, Perm.MANAGE_PROGRAMME)
    where = Q(country__code__in=countries)
    if countries == permissions.ALL_COUNTRIES:
        where |= Q(country__isnull=True)
    return Page.objects.filter(where).select_related("country").prefetch_related("translations")


def can_manage_page(user: User, page: Page) -> bool:
    return permissions.can_in_country(
        user, Perm.MANAGE_PROGRAMME, page.country.code if page.country else None
    )


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    """Campaigns in at least one of the user's countries."""
    countries = permissions.countries_for(user, Perm.MANAGE_PROGRAMME)
    return (
        Campaign.objects.filter(countries__code__in=countries)
        .distinct()
        .prefetch_related("countries")
    )


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    """Only someone whose reach covers every country of the campaign may change it."""
    countries = permissions.countries_for(user, Perm.MANAGE_PROGRAMME)
    return bool(countries) and set(campaign.country_codes) <= countries


def counts_for_codes(codes: list[str]) -> dict[str, dict[str, int]]:
    """{code: {"scan": n, "view": n}} over all days."""
    result: dict[str, dict[str, int]] = {code: {"scan": 0, "view": 0} for code in codes}
    rows = (
        DailyCount.objects.filter(campaign_code__in=codes)
        .values("campaign_code", "kind")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        result[row["campaign_code"]][row["kind"]] = int(row["total"] or 0)
    return result


@dataclass
class ReachRow:
    country: str
    month: datetime.date
    sessions: int = 0
    women: int = 0
    men: int = 0
    girls: int = 0
    boys: int = 0
    others: int = 0
    scans: int = 0

    @property
    def reached(self) -> int:
        return self.women + self.men + self.girls + self.boys + self.others


def reach_by_country_and_month(user: User) -> list[ReachRow]:
    """People reached in outreach sessions and QR scans, per country and month.

    Scans are attributed to the country of the leaflet whose code was scanned.
    """
    countries = permissions.countries_for(user, Perm.MANAGE_PROGRAMME)
    rows: dict[tuple[str, datetime.date], ReachRow] = {}

    def row(country: str, month: datetime.date) -> ReachRow:
        key = (country, month)
        if key not in rows:
            rows[key] = ReachRow(country, month)
        return rows[key]

    sessions = (
        OutreachSession.objects.filter(country__code__in=countries)
        .annotate(month=TruncMonth("held_on"))
        .values("country__code", "month")
        .annotate(
            n=Count("id"),
            w=Sum("women"),
            m=Sum("men"),
            g=Sum("girls"),
            b=Sum("boys"),
            o=Sum("others"),
        )
    )
    for s in sessions:
        r = row(s["country__code"], s["month"])
        r.sessions, r.women, r.men, r.girls, r.boys, r.others = (
            s["n"],
            s["w"] or 0,
            s["m"] or 0,
            s["g"] or 0,
            s["b"] or 0,
            s["o"] or 0,
        )
    code_country = dict(
        Material.objects.filter(country__code__in=countries).values_list("code", "country__code")
    )
    scans = (
        DailyCount.objects.filter(kind=DailyCount.Kind.SCAN, campaign_code__in=code_country)
        .annotate(month=TruncMonth("day"))
        .values("campaign_code", "month")
        .annotate(total=Sum("count"))
    )
    for s in scans:
        row(code_country[s["campaign_code"]], s["month"]).scans += int(s["total"] or 0)
    return sorted(rows.values(), key=lambda r: (r.month, r.country), reverse=True)


def views_by_language(days: int = 365) -> list[tuple[str, int]]:
    """Page reads per language over the last ``days`` days, most read first."""
    since = datetime.date.today() - datetime.timedelta(days=days)
    rows = (
        DailyCount.objects.filter(kind=DailyCount.Kind.VIEW, day__gte=since)
        .values("language")
        .annotate(total=Sum("count"))
        .order_by("-total")
    )
    return [(row["language"], int(row["total"] or 0)) for row in rows]
