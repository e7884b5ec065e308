from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ctis.referrals"
    label = "referrals"
    verbose_name = "Referrals"
