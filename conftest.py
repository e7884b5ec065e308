"""Personas shared by every app's tests: one per role, plus outsiders.

All people and organisations are fictional. Personas are created through the real actions,
so their creation is audited like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctis.accounts import actions
from ctis.accounts.countries import REGION
from ctis.accounts.models import Country, Organisation, User
from ctis.accounts.roles import Role
from ctis.audit.context import Actor

PASSWORD = "correct horse battery staple 42"
SYSTEM = Actor.system("test setup")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Password hashing is deliberately slow; tests need it correct, not slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _static_files_from_the_apps() -> Iterator[None]:
    """Serve static files from the apps, the one way tests differ from production.

    Production serves files that ``ctis collectstatic`` hashed and compressed (minutes of work);
    tests let WhiteNoise find them in the apps instead. Everything else runs as production does.
    """
    from django.test.utils import override_settings

    from ctis import settings as configured

    with override_settings(
        STORAGES={
            **configured.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
    ):
        yield


@pytest.fixture
def development_mode(settings: Any) -> Any:
    """Development mode, for the tests about its conveniences (demo data, the demo accounts'
    two-factor skip). Every other test runs in production mode (pyproject.toml)."""
    settings.CTIS_ENV = "development"
    settings.PRODUCTION = False
    settings.CTIS_DEMO_SKIPS_2FA = True
    return settings


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Throttles and lockouts count in the shared cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _country(code: str) -> Country:
    # Transactional tests empty every table, the countries seeded by migration included.
    country, _created = Country.objects.get_or_create(code=code, defaults={"name": REGION[code]})
    return country


def _org(country: str | None, name: str, kind: Organisation.Kind) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing:
        return existing
    return actions.create_organisation(
        actor=SYSTEM,
        name=name,
        kind=kind,
        country=_country(country) if country else None,
    )


@pytest.fixture
def organisations(db: None) -> dict[str, Organisation]:
    return {
        "regional": _org(None, "Test Regional Office", Organisation.Kind.INTERNATIONAL),
        "ngo_ba": _org("BA", "Test NGO Bihać", Organisation.Kind.NGO),
        "shelter_ba": _org("BA", "Test Shelter Sarajevo", Organisation.Kind.SHELTER),
        "ngo_rs": _org("RS", "Test NGO Beograd", Organisation.Kind.NGO),
        "shelter_rs": _org("RS", "Test Shelter Novi Sad", Organisation.Kind.SHELTER),
        "office_mk": _org("MK", "Test National Office Skopje", Organisation.Kind.NATIONAL_OFFICE),
        "office_ba": _org("BA", "Test National Office Sarajevo", Organisation.Kind.NATIONAL_OFFICE),
    }


@pytest.fixture
def make_user(db: None, organisations: dict[str, Organisation]) -> Callable[..., User]:
    def make(username: str, role: Role, organisation: str, *, is_demo: bool = False) -> User:
        return actions.create_user(
            actor=SYSTEM,
            username=username,
            organisation=organisations[organisation],
            roles=[role],
            password=PASSWORD,
            first_name="Test",
            last_name=username.title(),
            email=f"{username}@example.invalid",
            is_demo=is_demo,
        )

    return make


@pytest.fixture
def screener(make_user: Callable[..., User]) -> User:
    return make_user("amra", Role.SCREENER, "ngo_ba")


@pytest.fixture
def caseworker(make_user: Callable[..., User]) -> User:
    return make_user("marko", Role.CASEWORKER, "ngo_rs")


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user("sanja", Role.SUPERVISOR, "ngo_rs")


@pytest.fixture
def coordinator(make_user: Callable[..., User]) -> User:
    return make_user("elena", Role.COORDINATOR, "office_mk")


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user("lejla", Role.ANALYST, "regional")


@pytest.fixture
def country_admin(make_user: Callable[..., User]) -> User:
    return make_user("adnan", Role.COUNTRY_ADMIN, "office_ba")


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user("sysadmin", Role.SYSTEM_ADMIN, "regional")


@pytest.fixture
def dpo(make_user: Callable[..., User]) -> User:
    return make_user("dragan", Role.DPO, "regional")


@pytest.fixture
def outsider_same_country(make_user: Callable[..., User]) -> User:
    """A caseworker of another organisation in the caseworker's country."""
    return make_user("olga", Role.CASEWORKER, "shelter_rs")


@pytest.fixture
def outsider_other_country(make_user: Callable[..., User]) -> User:
    return make_user("omar", Role.CASEWORKER, "ngo_ba")


# --- Signing in the real way: password, then the second factor -----------------------------
# Tests run in production mode (pyproject.toml): two-factor is enforced and no account skips it.
# These helpers pass the same pages and endpoint a person or an API client passes.


def totp_code(device: Any) -> str:
    """The authenticator app's current code for ``device``.

    django-otp refuses a code whose time step was already used (replay). A person waits for
    the next code; a test that signs the same user in twice within 30 s rewinds the device's
    replay guard instead of sleeping.
    """
    from django_otp.oath import TOTP

    clock = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    if device.last_t >= clock.t():
        type(device).objects.filter(pk=device.pk).update(last_t=clock.t() - 1)
        device.refresh_from_db()
    return f"{clock.token():0{device.digits}d}"


def enrol_authenticator(client: Any, user: User) -> Any:
    """Set up the user's authenticator through the enrolment page, as a first login does.

    ``client`` must hold the user's password-authenticated session. Returns the device.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = client.get("/accounts/two-factor/enrol/")
    assert page.status_code == 200, f"enrolment page answered {page.status_code}"
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    confirmed = client.post("/accounts/two-factor/enrol/", {"token": totp_code(device)})
    assert confirmed.status_code == 302, "the enrolment code was refused"
    device.refresh_from_db()
    return device


def set_password_by_reset_link(client: Any, user: User, password: str = PASSWORD) -> None:
    """Set the password of an account created without one, through the link the password-reset
    e-mail carries, as a new user does."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"
    form = client.get(link, follow=True)
    assert form.status_code == 200, f"the reset link of {user.username} did not open"
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )
    assert done.status_code == 302, f"the new password of {user.username} was refused"
    user.refresh_from_db()


def sign_in(client: Any, user: User, password: str = PASSWORD) -> Any:
    """Log ``user`` in through the login page and pass the second factor if the role needs one.

    A user without an authenticator enrols one through the enrolment page first; a user with
    one types its current code on the verification page. Returns ``client``.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.logout()
    if not user.has_usable_password():
        set_password_by_reset_link(client, user, password)
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, f"password login of {user.username} failed"
    if not user.requires_two_factor:
        return client
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        enrol_authenticator(client, user)
    else:
        verified = client.post("/accounts/two-factor/", {"token": totp_code(device)})
        assert verified.status_code == 302, "the one-time code was refused"
    return client


def api_token(client: Any, user: User, password: str = PASSWORD) -> str:
    """An API token obtained the documented way: password plus the authenticator's code.

    A user without an authenticator enrols one in the web application first, as the API's
    answer tells them to.
    """
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    body: dict[str, str] = {"username": user.username, "password": password}
    if user.requires_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            browser = Client()
            browser.post("/accounts/login/", {"username": user.username, "password": password})
            device = enrol_authenticator(browser, user)
        body["otp"] = totp_code(device)
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 200, f"no token for {user.username}: {response.content!r}"
    return str(response.json()["token"])


@pytest.fixture
def verified_client(client):  # type: ignore[no-untyped-def]
    """``verified_client(user)``: ``client`` signed in as ``user`` with the second factor passed.

    Goes through the login page and the real TOTP check (enrolling an authenticator on the
    user's first login). Calling it again signs the client in as another user.
    """

    def login(user: User):  # type: ignore[no-untyped-def]
        return sign_in(client, user)

    return login


@pytest.fixture
def token_headers(client):  # type: ignore[no-untyped-def]
    """``token_headers(user)``: request headers carrying an API token obtained with the OTP."""

    def headers(user: User) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Token {api_token(client, user)}"}

    return headers


# --- Browser tests: Playwright driving Debian's Chromium (no downloaded browser) -------------
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page for each test."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """Save a full-page screenshot under var/screenshots/ for people to look at."""

    def take(page: Any, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def browser_login(live_server: Any) -> Callable[..., None]:
    """Log ``user`` in through the real login page, passing the second factor if needed
    (enrolling an authenticator through the page on the user's first login)."""

    def login(page: Any, user: User) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        if "/two-factor/" in page.url:
            # The verification page, or the enrolment page on a first login (it has just
            # created the unconfirmed device whose code we type).
            device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
            assert device is not None
            page.locator("#id_token").fill(totp_code(device))
            page.locator("main button[type=submit]").click()
            page.wait_for_url(f"{live_server.url}/")

    return login


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Before PostgreSQL's test database is dropped, end any session still attached to it (a
    server thread or child process of a test that outlived it), or the drop fails the run."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
