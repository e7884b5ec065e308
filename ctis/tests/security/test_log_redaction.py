"""Defect 9: the password-reset link's uid and token never reach a log.

The token is part of the path (/accounts/reset/<uid>/<token>/), so stripping query strings
was not enough. The records are taken as the console handler (settings.LOGGING) passes them.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail

from ctis.core.logging import StripQueryStringFilter


class Capture(logging.Handler):
    """Keeps what the configured console handler would write (its filters applied)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        for configured in logging.getLogger().handlers:
            for log_filter in configured.filters:
                if isinstance(log_filter, StripQueryStringFilter):
                    self.addFilter(log_filter)
        assert self.filters, "the console handler redacts through StripQueryStringFilter"

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def captured():
    handler = Capture()
    # The request-line logger does not propagate; it writes to the console handler itself.
    loggers = [logging.getLogger(), logging.getLogger("django.server")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.lines
    for logger in loggers:
        logger.removeHandler(handler)


def _reset_link(client, user) -> tuple[str, str, str]:
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"/accounts/reset/([^/\s]+)/([^/\s]+)/", mail.outbox[-1].body)
    assert link
    return link.group(0), link.group(1), link.group(2)


def test_the_access_log_line_of_a_reset_link_carries_neither_uid_nor_token(
    client, caseworker, captured
):
    path, uid, token = _reset_link(client, caseworker)
    # The line the development server and the access log write for the request.
    logging.getLogger("django.server").info('"%s" %s %s', f"GET {path}?x=1 HTTP/1.1", 302, 0)
    line = captured[-1]
    assert uid not in line and token not in line
    assert line.startswith('"GET /accounts/reset/…/…/')


def test_a_warning_about_a_reset_path_carries_neither_uid_nor_token(client, caseworker, captured):
    path, uid, token = _reset_link(client, caseworker)
    client.get(f"{path}nothing-here/")  # a 404: django.request logs the path
    warnings = [line for line in captured if "Not Found" in line]
    assert warnings, captured
    assert all(uid not in line and token not in line for line in warnings)
    assert "/accounts/reset/…/…/nothing-here/" in warnings[-1]


def test_the_set_password_step_loses_its_uid_too(captured):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /accounts/reset/MTIz/set-password/ HTTP/1.1", 200, 512
    )
    assert "MTIz" not in captured[-1]
    assert "/accounts/reset/…/set-password/" in captured[-1]


def test_query_strings_are_still_stripped(captured):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /cases/?name=Fatima HTTP/1.1", 200, 512
    )
    assert "Fatima" not in captured[-1]
