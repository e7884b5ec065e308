"""Staff edit the portal's text per language and approve it; scoped by country, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from conftest import SYSTEM, _country
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.portal import actions
from ctis.portal.models import Page, PageTranslation


@pytest.fixture
def serbia_page(db):
    page = actions.create_page(actor=SYSTEM, slug="asylum-in-serbia", country=_country("RS"))
    actions.save_translation(
        actor=SYSTEM,
        page=page,
        language="en",
        data={"title": "Asylum in Serbia", "summary": "", "body": "Demo text."},
        reviewed=True,
    )
    return page


def _url(page: Page, lang: str, suffix: str = "") -> str:
    return f"/help/staff/pages/{page.public_id}/{lang}/{suffix}"


def test_a_regional_administrator_edits_a_translation_which_then_needs_review(
    verified_client, admin_user, portal_pages
):
    page = Page.objects.get(slug="your-rights")
    client = verified_client(admin_user)
    response = client.post(
        _url(page, "prs"), {"title": "حقوق شما", "summary": "خلاصه", "body": "متن تازه"}
    )
    assert response.status_code == 302
    translation = PageTranslation.objects.get(page=page, language="prs")
    assert (translation.body, translation.status) == ("متن تازه", "needs_review")
    event = AuditEvent.objects.filter(object_type="portal_page_translation").first()
    assert event is not None
    assert (event.action, event.object_id, event.detail) == (
        "update",
        str(page.public_id),
        "language:prs",
    )
    assert event.changed_fields == ["body", "summary"]


def test_marking_reviewed_publishes_the_translation_and_is_audited(
    verified_client, admin_user, client, portal_pages
):
    page = Page.objects.get(slug="your-rights")
    staff = verified_client(admin_user)
    assert staff.post(_url(page, "ps", "review/")).status_code == 302
    translation = PageTranslation.objects.get(page=page, language="ps")
    assert translation.status == "reviewed"
    assert translation.reviewed_by == admin_user
    event = AuditEvent.objects.filter(object_type="portal_page_translation").first()
    assert (event.action, event.changed_fields, event.detail) == (
        "update",
        ["status"],
        "reviewed:ps",
    )
    staff.logout()
    assert "ستاسو حقونه" in client.get("/help/ps/page/your-rights/").content.decode()


def test_a_serbian_supervisor_edits_serbias_page_but_not_the_regional_ones(
    verified_client, supervisor, serbia_page, portal_pages
):
    client = verified_client(supervisor)
    listing = client.get("/help/staff/pages/").content.decode()
    assert "asylum-in-serbia" in listing
    assert "warning-signs" not in listing
    assert client.get(_url(serbia_page, "sr")).status_code == 200
    regional = Page.objects.get(slug="warning-signs")
    assert client.get(_url(regional, "sr")).status_code == 404
    assert client.post(_url(regional, "sr", "review/")).status_code == 404


def test_a_coordinator_in_north_macedonia_cannot_reach_serbias_page(
    verified_client, coordinator, serbia_page
):
    client = verified_client(coordinator)
    assert client.get(_url(serbia_page, "mk")).status_code == 404


def test_someone_without_the_programme_permission_is_refused(verified_client, screener):
    response = verified_client(screener).get("/help/staff/pages/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied").exists()


def test_the_review_action_refuses_get(verified_client, admin_user, portal_pages):
    page = Page.objects.get(slug="your-rights")
    assert verified_client(admin_user).get(_url(page, "ps", "review/")).status_code == 405


def test_the_action_itself_refuses_a_user_from_another_country(supervisor, portal_pages):
    page = Page.objects.get(slug="get-help")
    translation = PageTranslation.objects.get(page=page, language="sr")
    with pytest.raises(PermissionDenied):
        actions.mark_reviewed(actor=Actor(user=supervisor), translation=translation)
    assert AuditEvent.objects.filter(action="permission_denied").exists()


def test_saving_unchanged_text_writes_nothing(portal_pages):
    page = Page.objects.get(slug="get-help")
    english = PageTranslation.objects.get(page=page, language="en")
    before = AuditEvent.objects.count()
    actions.save_translation(
        actor=SYSTEM,
        page=page,
        language="en",
        data={"title": english.title, "summary": english.summary, "body": english.body},
    )
    assert AuditEvent.objects.count() == before
    assert PageTranslation.objects.get(pk=english.pk).status == "reviewed"
