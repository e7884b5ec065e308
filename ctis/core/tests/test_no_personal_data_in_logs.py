from __future__ import annotations

import logging
import sys

from django.test import RequestFactory

from ctis.core.logging import NoPersonalDataReporterFilter, StripQueryStringFilter


def test_request_lines_lose_their_query_strings():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /cases/?name=Fatima HTTP/1.1", 200, 512),
        None,
    )
    StripQueryStringFilter().filter(record)
    assert "Fatima" not in record.getMessage()
    assert record.getMessage().startswith('"GET /cases/?…')


def test_error_reports_hide_posted_values_and_local_variables():
    request = RequestFactory().post("/cases/new/", {"name": "Fatima Example", "phone": "+000 1234"})
    reporter = NoPersonalDataReporterFilter()
    cleansed = reporter.get_post_parameters(request)
    assert set(cleansed) == {"name", "phone"}
    assert "Fatima" not in str(cleansed)
    secret_name = "Fatima Example"  # noqa: F841 - a local variable the report must not show
    frame = sys._getframe()
    variables = dict(reporter.get_traceback_frame_variables(request, frame))
    assert "Fatima" not in str(variables)
    assert "secret_name" in variables
