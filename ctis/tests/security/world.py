"""A small world for the access walk: one of everything, held by organisation X in country A
(Serbia), and the people of other organisations and countries who must not reach it.

Everything is made through the real actions. Names, numbers and codes are fictional and
distinctive, so finding one in a response means it crossed the boundary.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from conftest import PASSWORD, SYSTEM, _country, _org
from ctis.accounts import actions as accounts
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Role
from ctis.audit.context import Actor

COUNTRY_A = "RS"
COUNTRY_B = "BA"

PERSON = {
    "name": "Драгослава Вукашиновић",
    "name_script": "Cyrl",
    "name_latin": "Dragoslava Vukasinovic-Walk",
    "sex": "female",
    "phone": "+000 61 987 6543",
    "nationality": "SRB",
    "languages": "sr",
    "address": "Ulica Setnje 7, Novi Pazar",
    "birth_date": datetime.date(1997, 5, 3),
    "document_numbers": "WALKP7654321",
}
PARTICIPANT = "Walkerina Trainingova"
# What must never appear in a response to anyone outside organisation X.
VICTIM_MARKERS = (
    PERSON["name"],
    PERSON["name_latin"],
    PERSON["phone"],
    PERSON["address"],
    PERSON["document_numbers"],
)
# A trainee's name: seen by those who manage the training programme in country A only.
TRAINEE_MARKERS = (PARTICIPANT,)


@dataclass
class World:
    owner: User  # every country role in organisation X
    regional_owner: User  # the regional roles, for the pages only they reach
    objects: dict[str, Any] = field(default_factory=dict)
    codes: tuple[str, ...] = ()  # case and referral codes: personal, but also in their URLs
    outsiders: dict[str, User] = field(default_factory=dict)


def _user(username: str, organisation: Organisation, roles: list[Role]) -> User:
    return accounts.create_user(
        actor=SYSTEM,
        username=username,
        organisation=organisation,
        roles=roles,
        password=PASSWORD,
        first_name="Walk",
        last_name=username.title(),
        email=f"{username}@example.invalid",
    )


def build() -> World:
    from ctis.cases import actions as cases
    from ctis.cases import assistance_actions as assistance
    from ctis.cases.tests.conftest import completed_screening
    from ctis.coordination import actions as coordination
    from ctis.coordination.models import Meeting
    from ctis.directory import actions as directory
    from ctis.portal import actions as portal
    from ctis.referrals import actions as referrals
    from ctis.screening import actions as screening
    from ctis.surveys import actions as surveys
    from ctis.surveys.tests.conftest import fixture_bytes
    from ctis.training import actions as training
    from ctis.training.models import Module

    country_a, country_b = _country(COUNTRY_A), _country(COUNTRY_B)
    org_x = _org(COUNTRY_A, "Walk NGO Novi Pazar", Organisation.Kind.NGO)
    receiver = _org(COUNTRY_A, "Walk Shelter Nis", Organisation.Kind.SHELTER)
    org_y = _org(COUNTRY_B, "Walk NGO Mostar", Organisation.Kind.NGO)
    neighbour = _org(COUNTRY_A, "Walk Shelter Kraljevo", Organisation.Kind.SHELTER)
    regional_x = _org(None, "Walk Regional Office X", Organisation.Kind.INTERNATIONAL)
    regional_y = _org(None, "Walk Regional Office Y", Organisation.Kind.INTERNATIONAL)

    country_roles = [
        Role.SCREENER,
        Role.CASEWORKER,
        Role.SUPERVISOR,
        Role.COORDINATOR,
        Role.COUNTRY_ADMIN,
        Role.DPO,
    ]
    owner = _user("walk.owner", org_x, country_roles)
    world = World(owner=owner, regional_owner=_user("walk.region", regional_x, [Role.ANALYST]))
    actor = Actor(user=owner)

    # Cases, referrals, screenings, assistance.
    case = cases.open_case(actor=actor, person=dict(PERSON))
    for purpose in ("services", "disclosure", "cross_border"):
        cases.record_consent(actor=actor, case=case, purpose=purpose, given=True)
    referral = referrals.refer(
        actor=actor, case=case, to_organisation=receiver, sharing_level="minimal"
    )
    plan_item = assistance.add_plan_item(
        actor=actor,
        case=case,
        type="health",
        description="Walk plan item",
        responsible_organisation=org_x,
    )
    document = assistance.upload_document(
        actor=actor, case=case, name="walk.pdf", content=b"%PDF-1.4\n% walk\n%%EOF\n"
    )
    screened = completed_screening(owner)
    catalogue_source = screening.BUILTIN_FILE.read_text(encoding="utf-8")
    catalogue_source = catalogue_source.replace(
        "catalogue: ilo-ec-2009", "catalogue: rs-walk", 1
    ).replace('version: "2009.1-draft"', 'version: "2026.1"', 1)
    catalogue = screening.draft_catalogue(
        actor=actor, country=country_a, source=catalogue_source, notes="walk"
    )

    # Surveys.
    survey = surveys.create_survey(
        actor=SYSTEM,
        name="walk-survey",
        title="Walk survey (fictional)",
        organisation=org_x,
        country=country_a,
    )
    batch = surveys.import_file(
        actor=SYSTEM, survey=survey, data=fixture_bytes("canonical.csv"), file_name="c.csv"
    )

    # Directory and portal.
    provider = directory.create_provider(actor=SYSTEM, name="Walk Provider", country=country_a)
    service = directory.create_service(
        actor=SYSTEM,
        provider=provider,
        data={"kind": "shelter", "name": "Walk shelter", "municipality": "Novi Pazar"},
        languages=["sr"],
    )
    page = portal.create_page(actor=SYSTEM, slug="walk-page", country=country_a)
    portal.save_translation(
        actor=SYSTEM,
        page=page,
        language="en",
        data={"title": "Walk page", "summary": "", "body": "Walk text."},
        reviewed=True,
    )
    campaign = portal.create_campaign(
        actor=SYSTEM,
        name="Walk campaign",
        countries=[country_a],
        languages=["sr", "en"],
        starts_on=datetime.date(2026, 1, 1),
    )
    material = portal.add_material(
        actor=SYSTEM, campaign=campaign, country=country_a, language="en"
    )

    # Training and coordination.
    training.ensure_standard_modules(actor=SYSTEM)
    session = training.create_session(
        actor=SYSTEM,
        title="Walk training",
        country=country_a,
        place="Walk Hall",
        start_date=datetime.date(2026, 10, 13),
        end_date=datetime.date(2026, 10, 14),
        organiser=org_x,
        modules=list(Module.objects.all()[:2]),
        trainers="Walk Trainer",
    )
    participant = training.add_participant(
        actor=SYSTEM,
        session=session,
        data={
            "name": PARTICIPANT,
            "organisation_name": "Walk Border Police",
            "agency_type": "interior_police",
            "role": "Officer",
            "sex": "female",
            "country": country_a,
            "pre_score": None,
            "post_score": None,
        },
    )
    meeting = coordination.create_meeting(
        actor=SYSTEM,
        data={
            "title": "Walk national meeting",
            "level": Meeting.Level.NATIONAL,
            "date": datetime.date(2026, 9, 1),
            "host_country": country_a,
            "place": "Walk Town",
            "agenda": "Walk agenda",
            "decisions": "Walk decision",
        },
        organisations=[],
    )
    item = coordination.add_action_item(
        actor=SYSTEM,
        meeting=meeting,
        description="Walk item",
        owner=org_x,
        due_date=datetime.date(2026, 12, 31),
    )
    focal_point = coordination.create_focal_point(
        actor=SYSTEM,
        data={
            "country": country_a,
            "name": "Walk Focal",
            "organisation": org_x,
            "role": "Referral officer",
            "email": "walk.focal@example.invalid",
            "languages": "sr",
            "handles": "referral",
        },
    )

    # One of the owner's API tokens, named as the account page names it.
    from knox.models import AuthToken

    from ctis.accounts.tokens import TOKEN_ID_LENGTH

    token, _value = AuthToken.objects.create(owner)

    world.objects = {
        "user": owner,
        "token": SimpleNamespace(token_id=token.digest[:TOKEN_ID_LENGTH], row=token),
        "case": case,
        "referral": referral,
        "plan_item": plan_item,
        "document": document,
        "screening": screened,
        "catalogue": catalogue,
        "survey": survey,
        "batch": batch,
        "service": service,
        "page": page,
        "campaign": campaign,
        "material": material,
        "session": session,
        "participant": participant,
        "meeting": meeting,
        "action_item": item,
        "focal_point": focal_point,
        "country_a": country_a,
    }
    world.codes = (case.code, referral.code)

    # The callers: every country role of organisation Y in country B, a caseworker of another
    # organisation in country A, and the regional roles of another regional office.
    for role in country_roles:
        world.outsiders[f"{role.value}_b"] = _user(f"walk.{role.value}.b", org_y, [role])
    world.outsiders["caseworker_a_other_org"] = _user(
        "walk.neighbour", neighbour, [Role.CASEWORKER]
    )
    world.outsiders["analyst"] = _user("walk.analyst", regional_y, [Role.ANALYST])
    world.outsiders["system_admin"] = _user("walk.admin", regional_y, [Role.SYSTEM_ADMIN])
    assert country_b is not None
    return world
