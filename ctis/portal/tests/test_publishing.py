"""Only reviewed translations reach visitors; otherwise English, with a notice in their
language."""

from __future__ import annotations

from ctis.portal.models import PageTranslation


def test_an_unreviewed_dari_translation_is_not_published(client, portal_pages):
    html = client.get("/help/prs/page/warning-signs/").content.decode()
    assert "Warning signs: offers that can trap you" in html
    assert "نشانه‌های خطر" not in html


def test_english_is_shown_with_a_notice_in_the_visitors_language(client, portal_pages):
    html = client.get("/help/prs/page/warning-signs/").content.decode()
    assert "این صفحه هنوز به دری موجود نیست. اینجا به انگلیسی است." in html
    assert '<article class="text" lang="en" dir="ltr">' in html
    assert '<html lang="prs" dir="rtl">' in html


def test_a_reviewed_dari_translation_is_published_without_a_notice(client, dari_reviewed):
    html = client.get("/help/prs/page/warning-signs/").content.decode()
    assert "نشانه‌های خطر: پیشنهادهایی که ممکن است شما را به دام بیندازند" in html
    assert '<article class="text" lang="prs" dir="rtl">' in html
    assert "اینجا به انگلیسی است" not in html


def test_the_english_page_carries_no_notice(client, portal_pages):
    html = client.get("/help/en/page/your-rights/").content.decode()
    assert "Your rights" in html
    assert 'class="notice"' not in html


def test_a_page_whose_english_source_is_not_reviewed_is_not_published(client, portal_pages):
    PageTranslation.objects.filter(page__slug="get-help", language="en").update(
        status=PageTranslation.Status.NEEDS_REVIEW
    )
    assert client.get("/help/en/page/get-help/").status_code == 404
    assert "How to get help" not in client.get("/help/en/").content.decode()


def test_the_home_page_lists_titles_in_english_until_reviewed(client, portal_pages):
    html = client.get("/help/ps/").content.decode()
    assert (
        '<a href="/help/ps/page/your-rights/" lang="en" dir="ltr"><strong>Your rights</strong>'
        in html
    )


def test_an_unknown_language_or_page_is_not_found(client, portal_pages):
    assert client.get("/help/de/").status_code == 404
    assert client.get("/help/en/page/no-such-page/").status_code == 404
    assert client.get("/help/en/zz/").status_code == 404


def test_the_seeded_drafts_are_marked_as_needing_review(portal_pages):
    statuses = set(PageTranslation.objects.exclude(language="en").values_list("status", flat=True))
    assert statuses == {"needs_review"}
    assert PageTranslation.objects.filter(language="en", status="reviewed").count() == 4
    assert PageTranslation.objects.count() == 44


def test_page_text_is_escaped_not_taken_as_html(client, portal_pages):
    PageTranslation.objects.filter(page__slug="get-help", language="en").update(
        body="Hello <script>alert(1)</script>\n\n- <b>one</b>"
    )
    html = client.get("/help/en/page/get-help/").content.decode()
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ul><li>&lt;b&gt;one&lt;/b&gt;</li></ul>" in html
