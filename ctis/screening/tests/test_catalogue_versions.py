"""National coordinators publish their country's catalogue: draft → approved → immutable."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _country
from ctis.audit.context import Actor
from ctis.screening import actions
from ctis.screening.models import CatalogueVersion

TOLD = {
    k: "on"
    for k in (
        "told_purpose",
        "told_uses",
        "told_research",
        "told_right_to_see",
        "told_retention",
        "told_withdrawal",
    )
}


def _national_source(version: str = "2025.1", catalogue_id: str = "mk-sop") -> str:
    source = actions.BUILTIN_FILE.read_text(encoding="utf-8")
    source = source.replace("catalogue: ilo-ec-2009", f"catalogue: {catalogue_id}", 1)
    return source.replace('version: "2009.1-draft"', f'version: "{version}"', 1)


def test_a_coordinator_drafts_and_approves_a_national_version(coordinator):
    actor = Actor(user=coordinator)
    mk = _country("MK")
    draft = actions.draft_catalogue(
        actor=actor, country=mk, source=_national_source(), notes="SOP 2025"
    )
    assert draft.status == "draft"
    assert actions.catalogue_for(mk).ref == "ilo-ec-2009@2009.1-draft"  # drafts are not used
    actions.approve_catalogue(actor=actor, draft=draft)
    assert actions.catalogue_for(mk).ref == "mk-sop@2025.1"
    assert actions.catalogue_for(_country("RS")).ref == "ilo-ec-2009@2009.1-draft"


def test_an_approved_version_never_changes(coordinator):
    actor = Actor(user=coordinator)
    draft = actions.draft_catalogue(
        actor=actor, country=_country("MK"), source=_national_source(), notes=""
    )
    actions.approve_catalogue(actor=actor, draft=draft)
    with pytest.raises(ValidationError, match="cannot change"):
        actions.revise_catalogue(actor=actor, draft=draft, source=_national_source(), notes="again")
    with pytest.raises(ValidationError):
        actions.approve_catalogue(actor=actor, draft=draft)


def test_a_broken_catalogue_is_refused_with_the_reason(coordinator):
    bad = _national_source().replace("dimension_rule:", "dimension_rules:", 1)
    with pytest.raises(ValidationError) as error:
        actions.draft_catalogue(
            actor=Actor(user=coordinator), country=_country("MK"), source=bad, notes=""
        )
    assert "dimension_rule" in str(error.value)
    assert not CatalogueVersion.objects.filter(catalogue_id="mk-sop").exists()


def test_a_coordinator_cannot_publish_for_another_country(coordinator):
    with pytest.raises(PermissionDenied):
        actions.draft_catalogue(
            actor=Actor(user=coordinator),
            country=_country("RS"),
            source=_national_source(),
            notes="",
        )


def test_a_screening_keeps_the_version_it_used(coordinator, verified_client, make_user):
    screener = make_user("mk.screener", "screener", "office_mk")
    client = verified_client(screener)
    client.post("/screening/new/", {**TOLD, "consent_interview": "on", "start": "1"})
    from ctis.screening.models import Screening

    first = Screening.objects.get()
    actor = Actor(user=coordinator)
    draft = actions.draft_catalogue(
        actor=actor, country=_country("MK"), source=_national_source(), notes=""
    )
    actions.approve_catalogue(actor=actor, draft=draft)
    client.post("/screening/new/", {**TOLD, "consent_interview": "on", "start": "1"})
    second = Screening.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert first.catalogue.ref == "ilo-ec-2009@2009.1-draft"
    assert second.catalogue.ref == "mk-sop@2025.1"


def test_the_catalogue_pages_work_for_the_coordinator(verified_client, coordinator):
    client = verified_client(coordinator)
    listing = client.get("/screening/catalogues/")
    assert listing.status_code == 200
    assert "ilo-ec-2009@2009.1-draft" in listing.content.decode()
    response = client.post(
        "/screening/catalogues/new/", {"source": _national_source(), "notes": "SOP"}
    )
    assert response.status_code == 302
    draft = CatalogueVersion.objects.get(catalogue_id="mk-sop")
    detail = client.get(f"/screening/catalogues/{draft.public_id}/").content.decode()
    assert "not yet verified against the ILO text" in detail
    client.post(f"/screening/catalogues/{draft.public_id}/approve/")
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert (
        client.post(f"/screening/catalogues/{draft.public_id}/", {"source": "x"}).status_code == 409
    )


def test_a_failed_draft_keeps_the_typed_yaml(verified_client, coordinator):
    text = _national_source().replace("exploitation_dimension: ex", "exploitation_dimension: zz", 1)
    response = verified_client(coordinator).post(
        "/screening/catalogues/new/", {"source": text, "notes": "kept note"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown dimension" in html
    assert "kept note" in html
    assert "exploitation_dimension: zz" in html


def test_screeners_cannot_manage_catalogues(verified_client, screener):
    assert verified_client(screener).get("/screening/catalogues/").status_code == 403
