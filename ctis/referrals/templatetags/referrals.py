from __future__ import annotations

import datetime

from django import template

from ctis.referrals.models import Referral

register = template.Library()


@register.filter
def overdue(referral: Referral, today: datetime.date) -> bool:
    """``{% if referral|overdue:today %}``: still waiting after its due date."""
    return referral.is_overdue(today)


@register.filter
def due(referral: Referral, today: datetime.date) -> bool:
    """``{% if referral|due:today %}``: waiting, and due today (follow up today if off-system)."""
    return referral.is_due(today)
