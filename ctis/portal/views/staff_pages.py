"""Staff pages for the portal's content: edit a page's text per language, approve it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.portal import actions, queries
from ctis.portal.forms import TranslationForm
from ctis.portal.languages import PORTAL_LANGUAGES, SOURCE_LANGUAGE
from ctis.portal.models import Page, PageTranslation


def _page_for(user: User, public_id: uuid.UUID) -> Page:
    """The page if the user may manage it; 404 otherwise (outsiders learn nothing)."""
    page = queries.pages_manageable_by(user).filter(public_id=public_id).first()
    if page is None:
        raise Http404
    return page


def _language(code: str) -> str:
    if code not in PORTAL_LANGUAGES:
        raise Http404
    return code


@requires(Perm.MANAGE_PROGRAMME)
def page_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    rows = []
    for page in queries.pages_manageable_by(user):
        by_language = {t.language: t for t in page.translations.all()}
        rows.append((page, [(code, by_language.get(code)) for code in PORTAL_LANGUAGES]))
    return render(
        request,
        "portal/staff/page_list.html",
        {"rows": rows, "languages": list(PORTAL_LANGUAGES.items())},
    )


@requires(Perm.MANAGE_PROGRAMME)
def translation_edit(request: HttpRequest, public_id: uuid.UUID, lang: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = _page_for(user, public_id)
    language = _language(lang)
    translation = PageTranslation.objects.filter(page=page, language=language).first()
    source = PageTranslation.objects.filter(page=page, language=SOURCE_LANGUAGE).first()
    form = TranslationForm(request.POST or None, instance=translation, language=language)
    if request.method == "POST" and form.is_valid():
        actions.save_translation(
            actor=Actor.from_request(request),
            page=page,
            language=language,
            data={name: form.cleaned_data[name] for name in actions.TRANSLATION_FIELDS},
        )
        messages.success(request, _("Saved. The text is published once a reviewer approves it."))
        return redirect("portal:staff_translation", public_id=page.public_id, lang=language)
    return render(
        request,
        "portal/staff/translation_form.html",
        {
            "page": page,
            "language": language,
            "language_name": PORTAL_LANGUAGES[language],
            "translation": translation,
            "source": source if language != SOURCE_LANGUAGE else None,
            "form": form,
        },
    )


@require_POST
@requires(Perm.MANAGE_PROGRAMME)
def translation_review(request: HttpRequest, public_id: uuid.UUID, lang: str) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    page = _page_for(user, public_id)
    translation = PageTranslation.objects.filter(page=page, language=_language(lang)).first()
    if translation is None:
        raise Http404
    actions.mark_reviewed(actor=Actor.from_request(request), translation=translation)
    messages.success(request, _("Approved: visitors now read this translation."))
    return redirect("portal:staff_translation", public_id=page.public_id, lang=lang)
