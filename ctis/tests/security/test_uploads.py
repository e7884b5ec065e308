"""Hostile uploads: a decompression bomb, a file over the row cap, a body over the size limit,
and no upload ever written unencrypted to the temporary folder."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SYSTEM
from ctis.core import spreadsheets
from ctis.screening.models import Screening
from ctis.surveys.importing import tables
from ctis.training import importing as training_import

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}


def xlsx_bomb(rows: int = 400_000) -> bytes:
    """A small .xlsx whose one sheet unpacks to tens of megabytes of rows."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        "_id</t></is></c></row>"
    )
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(2, rows + 2)
    )
    sheet = head + body + "</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = xlsx_bomb()
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < 3 * 1024 * 1024 and unpacked > 25 * 1024 * 1024  # what the attack used
    return data


def test_a_screener_uploading_a_zip_bomb_is_refused_within_seconds(verified_client, screener, bomb):
    client = verified_client(screener)
    started = time.perf_counter()
    response = client.post(
        "/screening/offline/",
        {"file": SimpleUploadedFile("export.xlsx", bomb), "dry_run": "on"},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert f"more than {tables.MAX_ROWS} rows" in response.content.decode()
    assert elapsed < 3, f"the bomb held the worker for {elapsed:.1f} s"
    assert not Screening.objects.exists()


@pytest.mark.parametrize(
    "read",
    [
        lambda data: tables.read(data, tables.Format.XLSX),  # survey and offline screening
        lambda data: training_import.read(data, "participants.xlsx"),  # training participants
    ],
    ids=["surveys-and-offline-screening", "training"],
)
def test_every_spreadsheet_import_refuses_the_bomb_before_parsing(read, bomb):
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"row \d+, column 1: the file has more than"):
        read(bomb)
    assert time.perf_counter() - started < 2


def test_an_archive_that_unpacks_too_far_is_refused_by_its_declared_size():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/sharedStrings.xml", b" " * (spreadsheets.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(tables.FormatError, match="unpacks to 100 MB"):
        tables.read(out.getvalue(), tables.Format.XLSX)


def test_a_single_far_away_row_counts_as_all_the_rows_before_it():
    # openpyxl would yield a million empty rows for one <row r="1000000">.
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(tables.FormatError, match="more than 50000 rows"):
        tables.read(out.getvalue(), tables.Format.XLSX)


def test_a_csv_over_the_row_cap_is_refused_with_its_row_and_column(
    verified_client, coordinator, organisations
):
    from ctis.training import actions
    from ctis.training.models import Module
    from ctis.training.tests.conftest import make_session

    actions.ensure_standard_modules(actor=SYSTEM)
    modules = {m.code: m for m in Module.objects.all()}
    session = make_session("MK", organisations["office_mk"], modules, title="Test Skopje")
    cap = training_import.MAX_ROWS
    lines = ["name,organisation,sex"] + [f"Test Person {n},Test Org,F" for n in range(cap + 5)]
    response = verified_client(coordinator).post(
        f"/training/{session.public_id}/participants/import/",
        {
            "file": SimpleUploadedFile("list.csv", "\n".join(lines).encode(), "text/csv"),
            "default_country": "MK",
        },
    )
    assert response.status_code == 422
    assert f"row {cap + 2}, column 1: the file has more than {cap} rows" in (
        response.content.decode()
    )


def test_the_survey_reader_names_the_row_past_the_cap():
    lines = ["_id;age"] + [f"{n};30" for n in range(60)]
    with pytest.raises(tables.FormatError, match=r"^row 52, column 1: .*more than 50 rows"):
        tables.read_csv("\n".join(lines).encode(), max_rows=50)
    assert len(tables.read_csv("\n".join(lines[:51]).encode(), max_rows=50).records) == 50


def test_an_oversize_body_is_refused_before_it_is_read(verified_client, screener):
    client = verified_client(screener)
    # The body declares 30 MB but carries a few bytes: reading it would fail the request
    # (the test client refuses to read past what was sent), refusing it unread does not.
    response = client.generic(
        "POST",
        "/screening/offline/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "at most 20 MB" in response.content.decode()


def test_the_api_refuses_an_oversize_body_in_json(client, db):
    response = client.generic(
        "POST",
        "/api/v1/auth/token/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_an_upload_over_2_5_mb_is_never_written_to_the_temporary_folder(
    verified_client, screener, monkeypatch
):
    # Django's default handlers spool uploads over 2.5 MB to a NamedTemporaryFile.
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to the temporary folder")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", refuse)
    big = b"_id,age\n" + b"".join(b"%d,30\n" % n for n in range(400_000))
    assert len(big) > 3 * 1024 * 1024
    response = verified_client(screener).post(
        "/screening/offline/", {"file": SimpleUploadedFile("big.csv", big), "dry_run": "on"}
    )
    assert response.status_code == 422  # refused by the row cap, in memory
    assert "more than 50000 rows" in response.content.decode()
