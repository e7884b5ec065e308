"""The access walk: every URL pattern of the site and the API, filled with objects of another
organisation in another country, called by every role of organisation Y in country B (and a
caseworker of another organisation in the same country, the regional roles, anonymous) with
every method, through the real production-mode login (password and TOTP).

It fails on:
- any 5xx;
- any response that shows organisation X's personal data (the person's names, phone, address,
  document number, a trainee's name, a case or referral code outside the request's own URL),
  or serves a file about one of X's people;
- any write to the database by a request on one of X's objects (every INSERT, UPDATE or
  DELETE is seen as the request runs; sessions, the audit trail and login bookkeeping aside).

POSTs carry the form the owner of the object is shown, so a missing permission check would
let the write through rather than stop at an empty form. A new URL pattern is walked
automatically; the walk fails if the table below cannot fill one of its parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import api_token, sign_in
from ctis.accounts import permissions
from ctis.accounts.roles import Perm
from ctis.tests.security import world as world_module

# Parameter name -> {URL name, or its namespace: the world object that fills it}. The most
# specific key wins. A pattern whose parameter finds no entry fails the walk.
OBJECTS: dict[str, dict[str, str]] = {
    "public_id": {
        "accounts": "user",
        "api-account": "user",
        "api-case": "case",
        "api-referral": "referral",
        "api-service": "service",
        "surveys": "survey",
        "surveys:batch_detail": "batch",
        "directory": "service",
        "screening": "screening",
        "screening:catalogue_detail": "catalogue",
        "screening:catalogue_approve": "catalogue",
        "cases:open": "screening",
        "portal:staff_translation": "page",
        "portal:staff_translation_review": "page",
        "portal:staff_campaign": "campaign",
        "portal:staff_material_add": "campaign",
        "portal:staff_session_create": "campaign",
        "portal:staff_material_leaflet": "material",
        "training": "session",
        "training:participant_edit": "participant",
        "training:participant_remove": "participant",
        "training:participant_certificate": "participant",
        "coordination": "meeting",
        "coordination:action_item_detail": "action_item",
        "coordination:focal_point_edit": "focal_point",
    },
    "code": {"cases": "case", "referrals": "referral"},
    "case_code": {"referrals": "case"},
    "token_id": {"accounts": "token"},
    "pk": {
        "cases:plan_status": "plan_item",
        "cases:document_download": "document",
        "cases:document_delete": "document",
    },
}
ATTRIBUTES = {
    "public_id": "public_id",
    "code": "code",
    "case_code": "code",
    "pk": "pk",
    "token_id": "token_id",
}
# Parameters that name no object of X: a fixed value (or, for a choice such as a file
# format, every alternative the pattern allows).
VALUES: dict[str, Callable[[world_module.World], str]] = {
    "number": lambda w: "1",
    "server": lambda w: "kobo",
    "uidb64": lambda w: urlsafe_base64_encode(force_bytes(w.owner.pk)),
    "token": lambda w: "walk-not-a-valid-token",
    "lang": lambda w: "en",
    "country": lambda w: world_module.COUNTRY_A.lower(),
    "slug": lambda w: "walk-page",
}
# Objects that carry a person: a file served about one of them is a leak whatever it holds.
VICTIMS = {"case", "referral", "plan_item", "document", "screening"}
TRAINEES = {"session", "participant"}  # programme managers of country A may see these
# Patterns the walk does not call, and why.
NOT_WALKED = {
    "accounts:logout": "ends the caller's own session; it names no object",
    "accounts:token_revoke_all": "ends the caller's own tokens; it names no object",
    "api-logout": "ends the caller's own token; it names no object",
    "api-logout-all": "ends the caller's own tokens; it names no object",
}
# Callers whose roles reach the whole region by design (they may write to X's records where
# their permission says so): their responses are still checked for leaks and failures.
REGIONAL = {"analyst", "system_admin"}
# Break-glass: time-limited, audited access to any case for a system administrator, by design.
BY_DESIGN = {("system_admin", "cases:break_glass")}
# Tables every request may write: the session, the audit trail, login bookkeeping, and a
# token's "last used" (an UPDATE; ending someone's token is a DELETE, and counts).
BOOKKEEPING = ("django_session", "audit_", "axes_", "otp_")
TOKEN_TABLE = "knox_authtoken"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    parameters: tuple[str, ...]
    choices: dict[str, list[str]]
    methods: tuple[str, ...]  # GET and POST, and whatever else a class-based view allows


def methods_of(callback: Any) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    allowed: set[str] = {"GET", "POST"}
    if view_class is not None:
        allowed |= {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    return tuple(m for m in METHODS if m in allowed)


def routes() -> Iterator[Route]:
    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
    ) -> Iterator[Route]:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, text, inner)
                continue
            regex = pattern.pattern.regex
            choices = {
                group: alternatives.split("|")
                for group, alternatives in re.findall(r"\(\?P<(\w+)>([\w|]+)\)", regex.pattern)
            }
            assert pattern.name, f"{text} has no name; name it so the walk can build its URL"
            name = f"{namespace}{pattern.name}"
            parameters = tuple(regex.groupindex)
            yield Route(name, text, parameters, choices, methods_of(pattern.callback))

    yield from walk(get_resolver().url_patterns, "/", "")


def filler(route: Route, parameter: str) -> str | None:
    """The world object (or value) that fills ``parameter`` of ``route``, or None."""
    table = OBJECTS.get(parameter, {})
    namespace = route.name.rpartition(":")[0]
    return table.get(route.name) or table.get(namespace)


def urls(world: world_module.World) -> list[tuple[Route, str, set[str]]]:
    """Every walked pattern as a URL filled from the world, with the objects it names."""
    filled: list[tuple[Route, str, set[str]]] = []
    missing: list[str] = []
    for route in routes():
        if route.name in NOT_WALKED:
            continue
        variants: list[dict[str, str]] = [{}]
        objects: set[str] = set()
        for parameter in route.parameters:
            kind = filler(route, parameter)
            if kind is not None:
                values = [str(getattr(world.objects[kind], ATTRIBUTES[parameter]))]
                objects.add(kind)
            elif parameter in route.choices:
                values = route.choices[parameter]
            elif parameter in VALUES:
                values = [VALUES[parameter](world)]
            else:
                missing.append(f"{route.pattern} ({route.name}): {parameter}")
                continue
            variants = [{**v, parameter: value} for v in variants for value in values]
        for kwargs in variants:
            filled.append((route, reverse(route.name, kwargs=kwargs), objects))
    assert not missing, (
        "the walk cannot fill these parameters; add them to OBJECTS or VALUES:\n"
        + ("\n".join(missing))
    )
    return filled


class Forms(HTMLParser):
    """The forms of a page: action path -> the fields as the page fills them."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, dict[str, Any]] = {}
        self._fields: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            action = urlsplit(a.get("action") or self.page_path).path or self.page_path
            self._fields = self.forms.setdefault(action, {})
        if self._fields is None:
            return
        if tag == "option" and self._select:
            if a.get("value") and (self._select not in self._fields or "selected" in a):
                self._fields[self._select] = a["value"]
            return
        if not a.get("name"):
            return
        name, kind = a["name"], a.get("type", "text").lower()
        if tag == "input" and kind == "file":
            self._fields[name] = ("walk.csv", b"name,organisation,sex\nWalk Person,Walk Org,F\n")
        elif tag == "input" and kind in {"checkbox", "radio"}:
            if kind == "checkbox" or name not in self._fields or "checked" in a:
                self._fields[name] = a.get("value") or "on"
        elif tag == "input" and kind not in {"submit", "button", "reset", "image"}:
            default = {"email": "walk@example.invalid", "number": "1", "date": "2026-10-13"}
            self._fields[name] = a.get("value") or default.get(kind, "Walk text")
        elif tag == "textarea":
            self._textarea = name
            self._fields[name] = "Walk text"
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def harvest(clients: list[Client], filled: list[tuple[Route, str, set[str]]]) -> dict[str, Any]:
    """The forms X's own staff see on every page, by the path they post to."""
    forms: dict[str, dict[str, Any]] = {}
    for client in clients:
        for route, url, _objects in filled:
            if route.pattern.startswith("/api/"):
                continue
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                parser = Forms(url)
                parser.feed(response.content.decode())
                for action, fields in parser.forms.items():
                    forms.setdefault(action, fields)
            response.close()
    return forms


def body_of(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
        for name, value in fields.items()
    }


class Writes:
    """Every INSERT, UPDATE or DELETE that changed a row, by table, as requests run."""

    STATEMENT = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)

    def __init__(self) -> None:
        self.tables: list[str] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ):  # type: ignore[no-untyped-def]
        result = execute(sql, params, many, context)
        found = self.STATEMENT.match(sql)
        changed = getattr(context["cursor"], "rowcount", 1) != 0
        if not (found and changed) or found.group(1).startswith(BOOKKEEPING):
            return result
        if found.group(1) == TOKEN_TABLE and sql.lstrip()[:6].upper() == "UPDATE":
            return result
        self.tables.append(found.group(1))
        return result


def leaks(
    response: Any, url: str, objects: set[str], world: world_module.World, user: Any
) -> list[str]:
    """What of X's people a 200 response shows to ``user``."""
    trainees = user is not None and permissions.can_in_country(
        user, Perm.MANAGE_PROGRAMME, world_module.COUNTRY_A
    )
    personal = VICTIMS if trainees else VICTIMS | TRAINEES
    markers = world_module.VICTIM_MARKERS + (() if trainees else world_module.TRAINEE_MARKERS)
    content_type = response.get("Content-Type", "")
    if not any(kind in content_type for kind in ("html", "json", "text", "csv", "xml")):
        return ["a file about one of X's people"] if objects & personal else []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    for echo in {url, quote(url), quote(url, safe="")}:
        text = text.replace(echo, "")  # a page may echo its own address (language switcher)
    return [marker for marker in (*markers, *world.codes) if marker in text]


def call(client: Client, method: str, url: str, data: dict[str, Any], headers: dict[str, str]):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url, **headers)
    if method == "POST" and not url.startswith("/api/"):
        return client.post(url, body_of(data), **headers)
    return client.generic(method, url, b"{}", content_type="application/json", **headers)


@pytest.fixture
def world(db: None) -> world_module.World:
    return world_module.build()


def test_every_url_pattern_can_be_filled(world):
    filled = urls(world)
    walked = {route.name for route, _url, _objects in filled}
    every = {route.name for route in routes()}
    assert every - walked == set(NOT_WALKED)
    assert len(filled) >= len(every) - len(NOT_WALKED)


@pytest.mark.walk
def test_no_url_lets_another_organisation_read_or_write(world):
    filled = urls(world)
    owners = [
        sign_in(Client(raise_request_exception=False), owner)
        for owner in (world.owner, world.regional_owner)
    ]
    forms = harvest(owners, filled)
    assert len(forms) > 20, "the owners' pages gave too few forms for the walk to mean much"

    writes = Writes()
    failures: list[str] = []
    callers: list[tuple[str, Any]] = [("anonymous", None), *world.outsiders.items()]
    with connection.execute_wrapper(writes):
        for number, (label, user) in enumerate(callers, start=1):
            # Each caller from their own address, as people are (throttles count by address).
            client = Client(raise_request_exception=False, REMOTE_ADDR=f"192.0.2.{number}")
            headers: dict[str, str] = {}
            if user is not None:
                sign_in(client, user)
                headers = {"HTTP_AUTHORIZATION": f"Token {api_token(client, user)}"}
            for route, url, objects in filled:
                api = route.pattern.startswith("/api/")
                for method in route.methods:
                    if (label, route.name) in BY_DESIGN and method != "GET":
                        continue
                    before = len(writes.tables)
                    response = call(client, method, url, forms.get(url, {}), headers if api else {})
                    where = f"{label} {method} {url} ({route.name}) -> {response.status_code}"
                    if response.status_code >= 500:
                        failures.append(f"{where}: server error")
                    written = writes.tables[before:]
                    if written and objects and label not in REGIONAL:
                        failures.append(f"{where}: wrote {sorted(set(written))}")
                    if response.status_code == 200:
                        shown = leaks(response, url, objects, world, user)
                        if shown:
                            failures.append(f"{where}: shows {shown}")
                    response.close()
            if user is not None:  # the walk kept its login: its answers were about access
                assert client.get("/").status_code == 200, f"{label} lost its session"
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
