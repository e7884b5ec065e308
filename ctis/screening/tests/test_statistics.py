from __future__ import annotations

from ctis.audit.context import Actor
from ctis.screening import actions
from ctis.screening.models import ConsentRefusal

CONSENT = {
    k: True
    for k in (
        "consent_interview",
        "told_purpose",
        "told_uses",
        "told_research",
        "told_right_to_see",
        "told_retention",
        "told_withdrawal",
    )
}


def _screen(user, *, age, sex, answers):
    actor = Actor(user=user)
    screening = actions.start_screening(actor=actor, consent=CONSENT)
    actions.save_profile(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        data={"age": age, "sex": sex, "exploitation": "labour"},
    )
    actions.save_answers(
        actor=actor, screening=screening, revision=screening.revision, answers=answers
    )
    actions.complete_screening(actor=actor, screening=screening, revision=screening.revision)
    return screening


def test_coordinators_see_counts_for_their_country_only(
    verified_client, make_user, coordinator, analyst
):
    mk = make_user("mk.screener", "screener", "office_mk")
    ba = make_user("ba.screener", "screener", "ngo_ba")
    _screen(
        mk,
        age=30,
        sex="female",
        answers={"ex.excessive_hours": "yes", "ex.low_no_salary": "yes", "ex.bad_living": "yes"},
    )
    _screen(mk, age=16, sex="male", answers={})
    _screen(ba, age=40, sex="male", answers={})
    actions.record_refusal(actor=Actor(user=mk), organisation=mk.organisation)

    page = verified_client(coordinator).get("/screening/statistics/")
    assert page.status_code == 200
    counts = page.context["counts"]
    assert counts.total == 2
    assert counts.refusals == 1
    assert counts.by_result["exploitation_without_means"] == 1
    assert counts.by_result["no_indicators"] == 1
    assert set(counts.by_country) == {"MK"}
    assert counts.by_age_group["14-17"]["no_indicators"] == 1
    assert counts.by_sex["female"]["exploitation_without_means"] == 1
    html = page.content.decode()
    assert "North Macedonia" in html
    assert "S-" not in html  # no screening codes

    regional = verified_client(analyst).get("/screening/statistics/").context["counts"]
    assert regional.total == 3
    assert ConsentRefusal.objects.get().count == 1


def test_screeners_do_not_see_statistics(verified_client, screener):
    assert verified_client(screener).get("/screening/statistics/").status_code == 403
