"""Keep personal data out of logs and error reports."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

_QUERY = re.compile(r"\?[^\s\"]*")
# The token of a password-reset or invitation link (/accounts/<kind>/<uid>/<token>/); the
# "set-password" step that follows it carries none.
_ONE_TIME_LINK = re.compile(
    r"(/accounts/(?:reset|invitation)/[^/\s\"]+/)(?!set-password/)[^/\s\"?]+"
)


class StripQueryStringFilter(logging.Filter):
    """Drop query strings from request lines: a search term or a name could be in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        record.msg = _QUERY.sub("?…", str(record.msg))
        record.msg = _ONE_TIME_LINK.sub(r"\1…", record.msg)
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
