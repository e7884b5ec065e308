"""Defect 3: API tokens end when credentials or access change, on logout, and on request.

A revoked, superseded or otherwise ended token gets 401 with a JSON body.
"""

from __future__ import annotations

import re

from django.core import mail

from conftest import PASSWORD
from ctis.accounts import actions, tokens
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.tests.security.conftest import bearer

ME = "/api/v1/me/"


def works(client, token: str) -> bool:
    response = client.get(ME, **bearer(token))
    if response.status_code == 401:
        assert response.json()["detail"]
        return False
    assert response.status_code == 200, response.content
    return True


def revocations(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_id=str(user.public_id), detail__startswith="api_tokens_revoked:"
        ).values_list("detail", flat=True)
    )


def test_a_password_change_ends_every_token(client, caseworker, api_token, real_login):
    first, second = api_token(client, caseworker), api_token(client, caseworker)
    real_login(client, caseworker)
    new = "another correct horse battery 43"
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert not works(client, first)
    assert not works(client, second)
    assert revocations(caseworker) == ["api_tokens_revoked:password_changed:2"]


def test_a_password_reset_ends_every_token(client, caseworker, api_token):
    token = api_token(client, caseworker)
    client.post("/accounts/password/reset/", {"email": caseworker.email})
    link = re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    new = "another correct horse battery 44"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert not works(client, token)
    assert revocations(caseworker) == ["api_tokens_revoked:password_reset:1"]


def test_a_two_factor_reset_ends_every_token(client, caseworker, admin_user, api_token):
    token = api_token(client, caseworker)
    actions.reset_two_factor(actor=Actor(user=admin_user), user=caseworker)
    assert not works(client, token)
    assert revocations(caseworker) == ["api_tokens_revoked:two_factor_reset:1"]


def test_logout_ends_this_token_only(client, caseworker, api_token):
    kept, ended = api_token(client, caseworker), api_token(client, caseworker)
    response = client.post("/api/v1/auth/logout/", **bearer(ended))
    assert response.status_code == 204
    assert not works(client, ended)
    assert works(client, kept)
    assert revocations(caseworker) == ["api_tokens_revoked:logout:1"]


def test_logout_everywhere_ends_every_token(client, caseworker, api_token):
    first, second = api_token(client, caseworker), api_token(client, caseworker)
    assert client.post("/api/v1/auth/logoutall/", **bearer(first)).status_code == 204
    assert not works(client, first)
    assert not works(client, second)


def test_logging_out_needs_a_token(client, db):
    response = client.post("/api/v1/auth/logout/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_issuing_beyond_the_limit_supersedes_the_oldest_token(
    client, caseworker, api_token, settings
):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    issued = [api_token(client, caseworker) for _ in range(limit + 1)]
    assert not works(client, issued[0])
    assert all(works(client, token) for token in issued[1:])
    assert tokens.live_tokens(caseworker).count() == limit
    assert revocations(caseworker) == ["api_tokens_revoked:superseded:1"]


def test_revoke_all_tokens_is_one_call_for_other_changes(client, supervisor, api_token):
    """Role changes and deactivation (accounts management) call the same function."""
    token = api_token(client, supervisor)
    assert tokens.revoke_all_tokens(supervisor, tokens.Reason.ROLE_CHANGED) == 1
    assert not works(client, token)
    assert tokens.revoke_all_tokens(supervisor, tokens.Reason.DEACTIVATED) == 0
    assert revocations(supervisor) == ["api_tokens_revoked:role_changed:1"]


def test_the_account_page_lists_tokens_and_revokes_one(client, caseworker, api_token, real_login):
    kept, revoked = api_token(client, caseworker), api_token(client, caseworker)
    real_login(client, caseworker)
    page = client.get("/accounts/account/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="api-token"') == 2
    assert "Expires" in html and "Created" in html and "Last used" in html
    assert "not recorded" in html
    assert kept not in html and revoked not in html
    assert kept[:8] not in html  # not even the stored prefix of a token is shown
    live = list(tokens.live_tokens(caseworker))
    newest = tokens.token_id(live[0])
    response = client.post(f"/accounts/account/tokens/{newest}/revoke/")
    assert response.status_code == 302
    assert not works(client, revoked)
    assert works(client, kept)
    assert revocations(caseworker) == ["api_tokens_revoked:revoked_by_user:1"]
    event = AuditEvent.objects.get(detail="api_tokens_revoked:revoked_by_user:1")
    assert event.actor_id == str(caseworker.public_id)


def test_nobody_revokes_another_users_token(
    client, caseworker, outsider_same_country, api_token, real_login
):
    token = api_token(client, caseworker)
    identifier = tokens.token_id(tokens.live_tokens(caseworker).get())
    real_login(client, outsider_same_country)
    response = client.post(f"/accounts/account/tokens/{identifier}/revoke/")
    assert response.status_code == 404
    assert works(client, token)


def test_the_account_page_revokes_all(client, caseworker, api_token, real_login):
    first, second = api_token(client, caseworker), api_token(client, caseworker)
    real_login(client, caseworker)
    assert client.post("/accounts/account/tokens/revoke-all/").status_code == 302
    assert not works(client, first) and not works(client, second)
    assert client.get("/accounts/account/tokens/revoke-all/").status_code == 405


def test_deactivation_ends_every_token(client, caseworker, admin_user, api_token):
    token = api_token(client, caseworker)
    actions.deactivate_user(actor=Actor(user=admin_user), user=caseworker)
    assert not works(client, token)
    assert revocations(caseworker) == ["api_tokens_revoked:deactivated:1"]
