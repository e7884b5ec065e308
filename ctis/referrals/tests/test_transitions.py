"""The referral status machine, edge by edge, written out by hand."""

from __future__ import annotations

import itertools

from ctis.referrals import transitions as machine
from ctis.referrals.models import Referral

S = machine.Status

REFERRAL_EDGES = {
    ("pending", "accepted"),
    ("pending", "declined"),
    ("pending", "withdrawn"),
    ("accepted", "completed"),
    ("accepted", "withdrawn"),
}
TRANSFER_EDGES = {
    ("pending", "accepted"),
    ("pending", "declined"),
    ("pending", "withdrawn"),
}


def test_every_referral_edge_is_allowed_and_every_other_is_forbidden():
    for current, to in itertools.product([s.value for s in S], repeat=2):
        assert machine.can_change("referral", current, to) == ((current, to) in REFERRAL_EDGES), (
            current,
            to,
        )


def test_every_transfer_edge_is_allowed_and_every_other_is_forbidden():
    for current, to in itertools.product([s.value for s in S], repeat=2):
        assert machine.can_change("transfer", current, to) == ((current, to) in TRANSFER_EDGES), (
            current,
            to,
        )


def test_unknown_values_are_forbidden():
    assert not machine.can_change("referral", "pending", "lost")
    assert not machine.can_change("referral", "lost", "accepted")
    assert not machine.can_change("gift", "pending", "accepted")


def test_the_receiver_answers_and_the_sender_withdraws():
    assert machine.next_statuses("referral", "pending", machine.Side.RECEIVER) == [
        S.ACCEPTED,
        S.DECLINED,
    ]
    assert machine.next_statuses("referral", "pending", machine.Side.SENDER) == [S.WITHDRAWN]
    assert machine.next_statuses("referral", "accepted", machine.Side.RECEIVER) == [S.COMPLETED]
    assert machine.next_statuses("referral", "completed") == []
    assert {S.DECLINED} == machine.NEEDS_REASON
    assert {S.DECLINED, S.COMPLETED, S.WITHDRAWN} == machine.FINAL


def test_model_choices_match_the_machine():
    assert set(Referral.Status.values) == {s.value for s in S}
    assert set(Referral.Kind.values) == {k.value for k in machine.Kind}
