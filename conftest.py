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


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Rate limits count in the cache; each test starts with no requests counted.
    from django.core.cache import cache

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


@pytest.fixture
def verified_client(client):  # type: ignore[no-untyped-def]
    """Log a user in with their second factor passed, as after a real TOTP check."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user)
        if user.requires_two_factor:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return login


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
    """Log ``user`` in through the real login page, passing the second factor if needed."""

    def login(page: Any, user: User) -> None:
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        if "/two-factor/" in page.url:
            device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
            assert device is not None
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            page.locator("#id_token").fill(f"{code:06d}")
            page.locator("main button[type=submit]").click()
            page.wait_for_url(f"{live_server.url}/")

    return login
