"""Pull submissions from a KoboToolbox server (API v2) or ODK Central (through pyodk).

Secrets are read at the moment of use from the environment variable the survey names (or the
file named by ``NAME_FILE``), never stored in the database and never put in a message.

No Django import.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: KoboToolbox serves at most 1,000 records a page when asked for JSON (API v2).
KOBO_PAGE_LIMIT = 1000
TIMEOUT_SECONDS = 60


class RemoteError(RuntimeError):
    """The server could not be reached or refused; the message carries no secret."""


def read_secret(variable: str) -> str:
    """The value of ``variable``, or the contents of the file named by ``variable_FILE``."""
    file_name = os.environ.get(f"{variable}_FILE")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise RemoteError(f"{variable}_FILE names a file that cannot be read: {exc}") from exc
    else:
        value = os.environ.get(variable, "").strip()
    if not value:
        raise RemoteError(f"set {variable} (or {variable}_FILE) to the server credential")
    return value


def kobo_pages(
    base_url: str,
    asset_uid: str,
    token: str,
    *,
    limit: int = KOBO_PAGE_LIMIT,
    on_page: Callable[[int, int | None], None] | None = None,
) -> list[dict[str, Any]]:
    """Every page of ``/api/v2/assets/<uid>/data/``, following ``next`` to the end.

    Args:
        base_url: the server, e.g. ``https://kf.kobotoolbox.org``.
        asset_uid: the form's asset uid.
        token: the API token (sent as ``Authorization: Token …``).
        limit: records per page, at most 1,000.
        on_page: called with (records on this page, total count if the server says).
    Returns:
        the pages as parsed JSON objects, in order.
    """
    if not 1 <= limit <= KOBO_PAGE_LIMIT:
        raise ValueError(f"limit must be from 1 to {KOBO_PAGE_LIMIT}")
    base = base_url.rstrip("/")
    origin = urllib.parse.urlsplit(base)[:2]
    query = urllib.parse.urlencode({"format": "json", "limit": limit})
    url: str | None = f"{base}/api/v2/assets/{urllib.parse.quote(asset_uid)}/data/?{query}"
    pages: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url:
        if urllib.parse.urlsplit(url)[:2] != origin:
            # The token goes only to the configured server, whatever a page says.
            raise RemoteError("the server's next page is on another host; stopped")
        if url in seen:
            raise RemoteError("the server's next page repeats an earlier one; stopped")
        seen.add(url)
        page = _get_json(url, {"Authorization": f"Token {token}"})
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise RemoteError("the server's answer is not a KoboToolbox API v2 data page")
        pages.append(page)
        if on_page is not None:
            count = page.get("count")
            on_page(len(page["results"]), count if isinstance(count, int) else None)
        next_url = page.get("next")
        url = str(next_url) if next_url else None
    return pages


def _get_json(url: str, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})  # noqa: S310 - the scheme is checked below
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RemoteError("the server address must start with http:// or https://")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        code = exc.code
        exc.close()  # the error holds the open response
        reason = {401: "refused the token", 403: "denied access", 404: "does not know that form"}
        raise RemoteError(
            f"the server {reason.get(code, 'answered with an error')} (HTTP {code})"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RemoteError(f"the server cannot be reached: {getattr(exc, 'reason', exc)}") from None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RemoteError(f"the server's answer is not JSON: {exc}") from None


def odk_table(
    base_url: str, project_id: int, form_id: str, username: str, password: str
) -> dict[str, Any]:
    """The form's OData ``Submissions`` table from ODK Central, through pyodk.

    The session token stays in memory (no pyodk cache file is written).
    """
    from pyodk._utils.config import CentralConfig, Config
    from pyodk._utils.session import Session
    from pyodk.client import Client
    from pyodk.errors import PyODKError

    config = Config(
        central=CentralConfig(
            base_url=base_url, username=username, password=password, default_project_id=project_id
        )
    )
    session = Session(
        base_url=base_url, api_version="v1", username=username, password=password, cache_path=None
    )
    try:
        with Client(config=config, session=session, project_id=project_id) as client:
            table = client.submissions.get_table(form_id=form_id, project_id=project_id)
    except PyODKError as exc:
        responses = [a for a in exc.args if hasattr(a, "status_code")]
        status = responses[0].status_code if responses else None
        raise RemoteError(
            f"ODK Central refused the request (HTTP {status})"
            if status
            else "ODK Central refused the request"
        ) from None
    except OSError as exc:
        raise RemoteError(f"ODK Central cannot be reached: {exc}") from None
    if not isinstance(table, dict) or not isinstance(table.get("value"), list):
        raise RemoteError("ODK Central's answer is not an OData table")
    return table
