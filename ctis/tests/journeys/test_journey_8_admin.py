"""Journey 8 of shared/JOURNEYS.md: Vesna, system administrator at the regional office.

From an empty database plus Vesna's own account (with her authenticator), everything goes
through the pages: she adds the NGO "Bokeška Safe Harbour (fictional)" in Montenegro, lists
its shelter in the services directory linked to it, and invites its caseworker by e-mail. The
caseworker opens the invitation on her phone, sets a password, enrols her authenticator (the code is
computed from the key the page shows) and sees her empty case list; she takes an API token and
opens her first case from a screening. Vesna makes her a supervisor: the old API token gets
401. When the partnership ends, Vesna deactivates the organisation: its accounts can no longer
log in, and the case record is still there. Nothing needs a shell.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PASSWORD, PHONE, SYSTEM, _country
from ctis.accounts import actions as account_actions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Role
from ctis.cases.models import Case
from ctis.directory.models import Service

pytestmark = pytest.mark.browser

NGO = "Bokeška Safe Harbour (fictional)"
CASEWORKER_PASSWORD = "a fictional harbour passphrase 9"
TOLD = [
    "told_purpose",
    "told_uses",
    "told_research",
    "told_right_to_see",
    "told_retention",
    "told_withdrawal",
]
STORY = ["dr.nature_of_job", "dr.wages", "ex.excessive_hours", "cd.document_confiscation"]


def _code(secret: str, *, ahead: int = 0) -> str:
    """The authenticator's code for the key shown on the page (``ahead`` steps later)."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6, drift=ahead):06d}"


def _api(url: str, path: str, *, token: str = "", body: dict | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(  # noqa: S310 - the live server's http:// address
        url + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "Accept": "application/json"}
        | ({"Authorization": f"Token {token}"} if token else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - live server
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
        return status, {}


def test_vesna_brings_in_a_new_ngo_and_ends_its_partnership(
    live_server, browser, browser_login, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    for code in ("AL", "BA", "ME", "MK", "RS", "XK"):
        _country(code)
    office = account_actions.create_organisation(
        actor=SYSTEM,
        name="Test Regional Office (fictional)",
        kind=Organisation.Kind.INTERNATIONAL,
        country=None,
    )
    vesna = account_actions.create_user(
        actor=SYSTEM,
        username="vesna",
        organisation=office,
        roles=[Role.SYSTEM_ADMIN],
        password=PASSWORD,
        email="vesna@example.invalid",
    )
    TOTPDevice.objects.create(user=vesna, name="phone", confirmed=True)
    url = live_server.url

    # 1. Vesna adds the organisation: nothing is chosen for her in advance.
    admin_context = browser.new_context(viewport=DESKTOP)
    admin_context.set_default_timeout(10_000)
    admin = admin_context.new_page()
    browser_login(admin, vesna)
    admin.goto(f"{url}/accounts/organisations/")
    expect(admin.get_by_label("Type")).to_have_value("")
    expect(admin.get_by_label("Country")).to_have_value("")
    admin.get_by_label("Name").fill(NGO)
    admin.get_by_label("Type").select_option("ngo")
    admin.get_by_label("Country").select_option("ME")
    admin.get_by_role("button", name="Add").click()
    expect(admin.get_by_text(f"{NGO} was added.")).to_be_visible()
    row = admin.get_by_role("row").filter(has_text=NGO)
    expect(row).to_contain_text("NGO / civil-society organisation")
    expect(row).to_contain_text("Montenegro")
    screenshot(admin, "journey-8-organisations-desktop")

    # 2. Its shelter in the services directory, linked to the organisation in ctis.
    admin.goto(f"{url}/services/new/")
    admin.locator("#id_new_provider").fill(NGO)
    admin.get_by_label("Country of the new provider").select_option("ME")
    admin.get_by_label("The provider's organisation in ctis").select_option(label=NGO)
    admin.get_by_label("Type of help").select_option("shelter")
    admin.locator("#id_name").fill("Safe Harbour shelter Kotor (fictional)")
    admin.get_by_label("Town or municipality").fill("Kotor")
    admin.get_by_label("Phone").fill("+000 555 0382")
    admin.locator("input[name=languages][value=en]").check()
    admin.get_by_role("button", name="Save").click()
    expect(
        admin.get_by_role("heading", name="Safe Harbour shelter Kotor (fictional)")
    ).to_be_visible()
    expect(admin.locator("#in-ctis")).to_have_text(f"Yes: referrals reach {NGO} in ctis")
    shelter = Service.objects.get()
    assert shelter.provider.name == NGO

    # 3. She invites the NGO's caseworker by e-mail.
    admin.goto(f"{url}/accounts/users/new/")
    admin.get_by_label("Username").fill("mila.caseworker")
    admin.get_by_label("First name").fill("Mila")
    admin.get_by_label("Last name").fill("Fictional")
    admin.get_by_label("Email").fill("mila@example.invalid")
    admin.get_by_label("Organisation").select_option(label=f"{NGO} (Montenegro)")
    admin.get_by_label("Caseworker").check()
    admin.get_by_role("button", name="Create account").click()
    expect(admin.get_by_text("An invitation was sent to mila@example.invalid")).to_be_visible()
    expect(admin.get_by_text("Invited: has not set a password yet")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["mila@example.invalid"]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body)
    assert link is not None

    # 4. On her phone she opens the invitation, sets a password and enrols her authenticator.
    phone_context = browser.new_context(viewport=PHONE)
    phone_context.set_default_timeout(10_000)
    phone = phone_context.new_page()
    phone.goto(link.group(0))
    expect(phone.get_by_role("heading", name="Welcome to ctis")).to_be_visible()
    expect(phone.get_by_text("mila.caseworker")).to_be_visible()
    assert "/set-password/" in phone.url  # the token has left the address bar
    screenshot(phone, "journey-8-invitation-phone")
    phone.locator("#id_new_password1").fill(CASEWORKER_PASSWORD)
    phone.locator("#id_new_password2").fill(CASEWORKER_PASSWORD)
    phone.get_by_role("button", name="Set password and continue").click()
    expect(phone.get_by_role("heading", name="Set up two-factor login")).to_be_visible()
    screenshot(phone, "journey-8-enrol-phone")
    secret = phone.get_by_test_id("totp-secret").inner_text()
    phone.get_by_label("6-digit code from your authenticator app").fill(_code(secret))
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_text("Two-factor login is set up.")).to_be_visible()
    phone.goto(f"{url}/cases/")
    expect(phone.get_by_text("No cases yet.")).to_be_visible()
    screenshot(phone, "journey-8-empty-cases-phone")
    # The invitation worked once.
    phone_context.clear_cookies()
    phone.goto(link.group(0))
    expect(phone.get_by_text("This invitation link was already used")).to_be_visible()

    # 5. She takes an API token (with the next code of her authenticator) ...
    status, answer = _api(
        url,
        "/api/v1/auth/token/",
        body={
            "username": "mila.caseworker",
            "password": CASEWORKER_PASSWORD,
            "otp": _code(secret, ahead=1),
        },
    )
    assert status == 200, answer
    token = answer["token"]
    assert _api(url, "/api/v1/me/", token=token)[0] == 200

    # ... and the next morning opens her first case from a screening.
    phone.goto(f"{url}/accounts/login/")
    phone.get_by_label("Username").fill("mila.caseworker")
    phone.get_by_label("Password").fill(CASEWORKER_PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.get_by_label("6-digit code from your authenticator app").fill(_code(secret, ahead=2))
    phone.locator("main button[type=submit]").click()
    phone.goto(f"{url}/screening/new/")
    for name in TOLD:
        phone.locator(f"#id_{name}").check()
    phone.locator("#id_consent_interview").check()
    phone.locator("button[name=start]").click()
    phone.locator("#id_respondent_language").select_option("en")
    phone.locator("#id_age").fill("29")
    phone.locator("#id_sex").select_option("female")
    phone.locator("#id_exploitation").select_option("labour")
    phone.get_by_role("button", name="Next: questions").click()
    while "/questions/" in phone.url:
        for question in STORY:
            answer_label = phone.locator(f"label.answer:has(input[name='{question}'][value='yes'])")
            if answer_label.count():
                answer_label.click()
        with phone.expect_navigation():
            phone.locator("button[name=next]").click()
    phone.get_by_role("button", name="See the result").click()
    phone.get_by_label("The person agrees to be referred to services.").check()
    phone.get_by_label(
        "The person agrees that the receiving organisation is told about them."
    ).check()
    phone.get_by_role("button", name="Ask for a case").click()
    phone.goto(f"{url}/cases/")
    phone.get_by_role("link", name=re.compile(r"^Open a case for ")).click()
    phone.get_by_label("Name, as the person writes it").fill("Ana Fiktivna")
    phone.get_by_label("Name in Latin letters").fill("Ana Fiktivna")
    phone.get_by_label("Potential victim").check()
    phone.get_by_role("button", name="Open the case").click()
    screenshot(phone, "journey-8-case-opened-phone")
    expect(phone.get_by_text("The case is open.")).to_be_visible()
    case = Case.objects.get()
    expect(phone.get_by_role("heading", name=case.code)).to_be_visible()
    ngo = Organisation.objects.get(name=NGO)
    assert case.organisation == ngo

    # 6. A month later she becomes a supervisor: Vesna changes her role; the old token ends.
    mila = User.objects.get(username="mila.caseworker")
    admin.goto(f"{url}/accounts/users/{mila.public_id}/")
    admin.get_by_role("link", name="Edit roles and organisation").click()
    admin.get_by_label("Caseworker").uncheck()
    admin.get_by_label("Case supervisor").check()
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("The account's API tokens have ended")).to_be_visible()
    expect(admin.locator(".facts")).to_contain_text("Case supervisor")
    screenshot(admin, "journey-8-role-changed-desktop")
    assert _api(url, "/api/v1/me/", token=token)[0] == 401
    # Her web pages follow the new role at the next click.
    phone.goto(f"{url}/cases/")
    expect(phone.get_by_role("link", name=case.code)).to_be_visible()

    # 7. The partnership ends: Vesna deactivates the organisation and its accounts.
    admin.goto(f"{url}/accounts/organisations/")
    admin.get_by_role("link", name=NGO).click()
    expect(admin.locator("#records-held")).to_have_text("Case records held: 1")
    admin.get_by_label("Yes, end the partnership and deactivate its 1 active account").check()
    admin.get_by_role("button", name="Deactivate organisation and its accounts").click()
    expect(
        admin.get_by_text(f"{NGO} is deactivated, with 1 account. Its records are kept.")
    ).to_be_visible()
    expect(admin.locator("#records-held")).to_have_text("Case records held: 1")
    screenshot(admin, "journey-8-organisation-ended-desktop")
    admin.goto(f"{url}/accounts/organisations/")
    expect(admin.get_by_role("row").filter(has_text=NGO)).to_contain_text("Ended")
    # Its shelter stays in the directory; referrals to it are now off-system.
    admin.goto(f"{url}/services/{shelter.public_id}/")
    expect(admin.locator("#in-ctis")).to_have_text(
        "No: referrals to it are off-system, with a printed letter"
    )

    # Her session ends with her account, and she can no longer log in.
    phone.goto(f"{url}/cases/")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    phone.get_by_label("Username").fill("mila.caseworker")
    phone.get_by_label("Password").fill(CASEWORKER_PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_text("correct username and password")).to_be_visible()
    screenshot(phone, "journey-8-login-refused-phone")
    # Not a single case record is lost.
    assert Case.objects.filter(organisation=ngo).count() == 1
    assert Case.objects.get().pk == case.pk
    admin_context.close()
    phone_context.close()
