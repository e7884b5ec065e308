"""Issue 19.1 and 19.5 through the pages: a referral reaches an organisation in ctis, or it is
visibly off-system with a printed letter and an answer the sender records; a person who does
not match the service is warned about before sending; the case page shows its referrals.

The directory services are entered through the directory pages by a country administrator,
the referrals through the referral form, the answers through the referral page.
"""

from __future__ import annotations

import datetime
import subprocess

import pytest

from ctis.accounts.models import User
from ctis.accounts.roles import Role
from ctis.audit.models import AuditEvent
from ctis.cases.status import age_group, age_on
from ctis.cases.tests.conftest import open_case
from ctis.directory.models import Service
from ctis.referrals.models import Referral
from ctis.referrals.tests.conftest import ALL_PURPOSES

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
MESSAGE = "Please call the caseworker before Tuesday."


@pytest.fixture
def directory_admin(make_user) -> User:  # type: ignore[no-untyped-def]
    """A country administrator in Serbia, who keeps the directory of Serbian services."""
    return make_user("vesna", Role.COUNTRY_ADMIN, "shelter_rs")


def add_service(client, **fields) -> Service:  # type: ignore[no-untyped-def]
    """Add a Serbian service through the directory form, as the administrator does."""
    data = {
        "new_provider": fields.pop("provider"),
        "new_provider_country": "RS",
        "kind": "shelter",
        "municipality": "Beograd",
        "eligible_sex": "any",
        "availability": "available",
        "is_public": "on",
        "languages": ["sr", "en"],
        **fields,
    }
    response = client.post("/services/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Service.objects.get(name=fields["name"])


def open_with_consent(client, caseworker, **person) -> str:  # type: ignore[no-untyped-def]
    """A case of the caseworker's NGO, with the consents recorded through the case page."""
    case = open_case(caseworker, person=person)
    for purpose in ALL_PURPOSES:
        client.post(f"/cases/{case.code}/consent/", {"purpose": purpose, "given": "yes"})
    return case.code


def refer_form(service: Service, **extra) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = {
        "kind": "referral",
        "service": str(service.public_id),
        "sharing": "minimal",
        "needs": [service.kind],
        "due_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
    }
    data.update(extra)
    return data


def test_a_man_referred_to_a_womens_shelter_is_warned_and_the_override_is_recorded(
    verified_client, directory_admin, caseworker
):
    client = verified_client(directory_admin)
    shelter = add_service(
        client, provider="Test Sava Women's Centre", name="Test Sava women's shelter",
        eligible_sex="female", min_age="18", languages=["sr"],
    )  # fmt: skip
    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker, sex="male", languages="ar")

    response = client.post(f"/referrals/new/{code}/", refer_form(shelter, message=MESSAGE))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This person may not be eligible for this service" in page
    assert "the service is for another sex" in page
    assert "nobody at the service speaks the person&#x27;s languages" in page
    assert MESSAGE in page  # what was typed is kept
    assert not Referral.objects.exists()

    response = client.post(
        f"/referrals/new/{code}/", refer_form(shelter, message=MESSAGE, eligibility_override="on")
    )
    assert response.status_code == 302, response.content.decode()
    referral = Referral.objects.get()
    assert referral.eligibility_overridden == "sex language"
    audit = AuditEvent.objects.get(object_type="eligibility_override")
    assert audit.object_id == referral.code and sorted(audit.changed_fields) == ["language", "sex"]
    detail = client.get(f"/referrals/{referral.code}/").content.decode()
    history = detail[detail.index('id="history"') :]
    assert "sent despite eligibility" in history and "the service is for another sex" in history


def test_a_woman_of_the_right_age_is_not_warned(verified_client, directory_admin, caseworker):
    shelter = add_service(
        verified_client(directory_admin), provider="Test Sava Women's Centre",
        name="Test Sava women's shelter", eligible_sex="female", min_age="18", max_age="60",
    )  # fmt: skip
    client = verified_client(caseworker)
    code = open_with_consent(
        client, caseworker, sex="female", languages="sr", birth_date=datetime.date(1990, 5, 1)
    )
    response = client.post(f"/referrals/new/{code}/", refer_form(shelter))
    assert response.status_code == 302
    assert Referral.objects.get().eligibility_overridden == ""


def test_an_on_system_referral_reaches_the_receiver_and_only_the_receiver_answers(
    verified_client, directory_admin, caseworker, organisations, make_user
):
    receiver = make_user("jovana", Role.CASEWORKER, "shelter_rs")
    client = verified_client(directory_admin)
    form = client.get("/services/new/").content.decode()
    assert "The provider&#x27;s organisation in ctis" in form
    shelter = add_service(
        client, provider="Test Shelter Novi Sad", name="Test Novi Sad shelter",
        organisation=str(organisations["shelter_rs"].public_id),
    )  # fmt: skip
    assert shelter.provider.organisation == organisations["shelter_rs"]
    detail = client.get(f"/services/{shelter.public_id}/").content.decode()
    assert "Yes: referrals reach Test Shelter Novi Sad in ctis" in detail
    api = client.get(f"/api/v1/services/{shelter.public_id}/").json()
    assert api["in_ctis"] is True
    assert api["organisation"] == str(organisations["shelter_rs"].public_id)

    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker)
    form = client.get(f"/referrals/new/{code}/").content.decode()
    assert "In ctis: the organisation sees the referral and answers" in form
    assert "the receiving organisation will see it in ctis and answer" in form
    response = client.post(f"/referrals/new/{code}/", refer_form(shelter), follow=True)
    referral = Referral.objects.get()
    assert referral.to_organisation == organisations["shelter_rs"] and not referral.is_off_system
    assert "Test Shelter Novi Sad sees it in ctis and answers there" in response.content.decode()
    sender_page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert "Withdraw" in sender_page
    assert ">Accept<" not in sender_page and ">Decline<" not in sender_page
    assert "Print the referral letter" not in sender_page
    client.post(f"/referrals/{referral.code}/status/", {"to": "accepted"})
    assert Referral.objects.get().status == "pending"  # the sender cannot answer for them
    assert client.get(f"/referrals/{referral.code}/letter/").status_code == 404

    client = verified_client(receiver)
    listing = client.get("/referrals/").content.decode()
    incoming = listing[listing.index('id="incoming"') : listing.index('id="outgoing"')]
    assert referral.code in incoming
    receiver_page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert ">Accept<" in receiver_page
    client.post(f"/referrals/{referral.code}/status/", {"to": "accepted"})
    assert Referral.objects.get().status == "accepted"


def test_an_off_system_referral_has_its_letter_and_its_answer_recorded_by_the_sender(
    verified_client, directory_admin, caseworker, receiver_home
):
    legal = add_service(
        verified_client(directory_admin), provider="Test Danube Lawyers", kind="legal_aid",
        name="Test Danube legal aid", phone="+000 555 0777", email="lawyers@example.invalid",
        address="12 Example Boulevard", address_is_public="on",
        opening_hours="Mon-Fri 09:00-17:00",
    )  # fmt: skip
    assert legal.provider.organisation is None
    client = verified_client(caseworker)
    code = open_with_consent(
        client, caseworker, address="Ulica Primera 1", birth_date=datetime.date(1998, 4, 2)
    )
    form = client.get(f"/referrals/new/{code}/").content.decode()
    assert "Not in ctis: you print a letter and record the answer" in form
    assert "this provider is not in ctis; you will print a letter and record their answer" in form
    response = client.post(
        f"/referrals/new/{code}/",
        refer_form(legal, message=MESSAGE, due_on=TODAY.isoformat()),
        follow=True,
    )
    referral = Referral.objects.get()
    assert referral.is_off_system
    page = response.content.decode()
    assert "Off-system referral recorded: Test Danube legal aid" in page
    assert "Print the referral letter" in page
    assert "Follow up with the provider today." in page
    listing = client.get("/referrals/").content.decode()
    assert "Off-system" in listing and "Follow up today" in listing
    api = client.get(f"/api/v1/referrals/{referral.public_id}/").json()
    assert api["off_system"] is True and api["shared"] is None

    # The letter: only what the minimal level shares, the message, and the provider's contact.
    letter = client.get(f"/referrals/{referral.code}/letter/").content.decode()
    band = age_group(age_on(datetime.date(1998, 4, 2), TODAY))  # CTDC ageBroad
    for shown in ("Зорислава", band, "Legal aid", MESSAGE, "+000 555 0777",
                  "lawyers@example.invalid", "12 Example Boulevard", "Mon-Fri 09:00-17:00",
                  referral.code, "Test NGO Beograd"):  # fmt: skip
        assert shown in letter, shown
    for hidden in ("Ђурђевић", "Đurđević", "+000 60 123", "Ulica Primera", "1998", code):
        assert hidden not in letter, hidden
    serbian = client.get(f"/referrals/{referral.code}/letter/?language=sr").content.decode()
    assert "Упућивање ради помоћи" in serbian  # "Referral for help", in the letter's language
    pdf = client.get(f"/referrals/{referral.code}/letter/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Зорислава" in text and MESSAGE in text and "+000 555 0777" in text
    assert "Ђурђевић" not in text and "Ulica Primera" not in text
    exports = AuditEvent.objects.filter(action="export", object_type="person")
    assert exports.filter(detail=f"referral:{referral.code}:minimal:letter-pdf").count() == 1

    # Nobody in ctis receives it; the sender records the provider's answer, labelled as such.
    other = verified_client(receiver_home)
    assert referral.code not in other.get("/referrals/").content.decode()
    assert other.get(f"/referrals/{referral.code}/").status_code == 404
    client = verified_client(caseworker)
    page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert "Record the provider's answer" in page and "The provider accepted" in page
    client.post(f"/referrals/{referral.code}/status/", {"to": "accepted"})
    page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert Referral.objects.get().status == "accepted"
    assert "answer recorded by Test Marko on behalf of the provider" in page


def test_an_off_system_follow_up_past_its_date_is_overdue_on_the_senders_list(
    verified_client, directory_admin, caseworker
):
    legal = add_service(
        verified_client(directory_admin), provider="Test Danube Lawyers", kind="legal_aid",
        name="Test Danube legal aid",
    )  # fmt: skip
    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker)
    client.post(f"/referrals/new/{code}/", refer_form(legal))
    # Days pass without an answer.
    Referral.objects.update(due_on=TODAY - datetime.timedelta(days=2))
    referral = Referral.objects.get()
    listing = client.get("/referrals/").content.decode()
    assert "Follow-up overdue" in listing
    page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert "Follow-up overdue: you were to follow up with the provider by" in page
    case_page = client.get(f"/cases/{code}/").content.decode()
    listed = case_page[case_page.index('id="case-referrals"') :]
    assert "Follow-up overdue" in listed[: listed.index("</section>")]


def test_the_message_goes_at_the_minimal_level_with_a_warning(
    verified_client, caseworker, receiver_abroad
):
    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker)
    form = client.get(f"/referrals/new/{code}/").content.decode()
    assert "Do not write names, places, dates of birth" in form
    client.post(
        f"/referrals/new/{code}/",
        {
            "kind": "referral",
            "to_organisation": str(receiver_abroad.organisation.public_id),
            "sharing": "minimal",
            "needs": ["legal_aid"],
            "message": MESSAGE,
            "due_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        },
    )
    referral = Referral.objects.get()
    page = verified_client(receiver_abroad).get(f"/referrals/{referral.code}/").content.decode()
    assert "Message from the sender" in page and MESSAGE in page
    assert "Ђурђевић" not in page


def test_the_case_page_lists_its_referrals_and_their_course_in_the_timeline(
    verified_client, caseworker, receiver_abroad
):
    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker)
    client.post(
        f"/referrals/new/{code}/",
        {
            "kind": "referral",
            "to_organisation": str(receiver_abroad.organisation.public_id),
            "sharing": "minimal",
            "needs": ["shelter"],
            "due_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        },
    )
    referral = Referral.objects.get()
    receiver = verified_client(receiver_abroad)
    receiver.post(f"/referrals/{referral.code}/status/", {"to": "accepted"})
    assert receiver.get(f"/cases/{code}/").status_code == 404  # never the case

    page = verified_client(caseworker).get(f"/cases/{code}/").content.decode()
    listed = page[page.index('id="case-referrals"') : page.index('id="timeline-heading"')]
    assert f'href="/referrals/{referral.code}/"' in listed and "Accepted" in listed
    assert "Test Shelter Sarajevo" in listed
    timeline = page[page.index('id="timeline-heading"') :]
    assert "Referral sent" in timeline and "Referral <a" in timeline
    assert timeline.count(f'href="/referrals/{referral.code}/"') == 2  # sent, accepted


def test_the_directory_links_only_an_organisation_of_the_providers_country(
    verified_client, directory_admin, organisations
):
    client = verified_client(directory_admin)
    response = client.post(
        "/services/new/",
        {
            "new_provider": "Test Cross Provider",
            "new_provider_country": "RS",
            "organisation": str(organisations["shelter_ba"].public_id),
            "kind": "shelter",
            "name": "Test cross service",
            "municipality": "Beograd",
            "eligible_sex": "any",
            "availability": "available",
        },
    )
    assert response.status_code == 200  # a Bosnian organisation is not offered in Serbia
    assert not Service.objects.filter(name="Test cross service").exists()
    service = add_service(client, provider="Test Danube Lawyers", name="Test Danube legal aid")
    edit = {
        "kind": "legal_aid",
        "name": service.name,
        "municipality": "Beograd",
        "eligible_sex": "any",
        "availability": "available",
        "organisation": str(organisations["ngo_rs"].public_id),
    }
    assert client.post(f"/services/{service.public_id}/edit/", edit).status_code == 302
    assert Service.objects.get(pk=service.pk).provider.organisation == organisations["ngo_rs"]
    assert AuditEvent.objects.filter(
        object_type="provider", changed_fields=["organisation"]
    ).exists()


def test_a_service_of_a_deactivated_organisation_is_off_system(
    verified_client, directory_admin, caseworker, organisations
):
    shelter = add_service(
        verified_client(directory_admin), provider="Test Shelter Novi Sad",
        name="Test Novi Sad shelter", organisation=str(organisations["shelter_rs"].public_id),
    )  # fmt: skip
    # The organisation stops using ctis: nobody there would read a referral any more.
    organisations["shelter_rs"].is_active = False
    organisations["shelter_rs"].save(update_fields=["is_active"])
    client = verified_client(caseworker)
    code = open_with_consent(client, caseworker)
    form = client.get(f"/referrals/new/{code}/").content.decode()
    off_group = form[form.index("Not in ctis: you print a letter") :]
    assert "Test Novi Sad shelter" in off_group[: off_group.index("</optgroup>")]
    client.post(f"/referrals/new/{code}/", refer_form(shelter))
    assert Referral.objects.get().is_off_system
