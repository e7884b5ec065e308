"""Keep personal data out of logs and error reports."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

_QUERY = re.compile(r"\?[^\s\"]*")
# Secrets carried in a path: the uid and token of a password-reset or invitation link, and the
# uid of the "set password" step that follows it.
_RESET_LINK = re.compile(r"/(reset|invitation)/[^/\s\"?]+/([^/\s\"?]+)/")


def _redact_reset(match: re.Match[str]) -> str:
    kind, step = match.group(1), match.group(2)
    return f"/{kind}/…/set-password/" if step == "set-password" else f"/{kind}/…/…/"


def redact(text: str) -> str:
    """A log line without query strings and without the secrets some paths carry."""
    return _QUERY.sub("?…", _RESET_LINK.sub(_redact_reset, text))


class StripQueryStringFilter(logging.Filter):
    """Drop query strings from log lines (a search term or a name could be in them) and the
    uid and token of password-reset links (they are in the path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        record.msg = redact(str(record.msg))
        return True


class NoPersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports show neither request bodies, query strings nor local variables."""

    def get_post_parameters(self, request: Any) -> dict[str, str]:
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()

    def is_active(self, request: Any) -> bool:
        return True
