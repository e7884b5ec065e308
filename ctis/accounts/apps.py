from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ctis.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Login, logout and failed logins arrive as Django's auth signals; recording them in
        # the audit trail is the only thing these receivers do.
        from ctis.accounts import auth_events  # noqa: F401
