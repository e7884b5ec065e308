"""Generate the flow-monitoring XLSForm (and its XForm) from the data dictionary.

``python -m ctis.surveys.instrument.generate`` rewrites ``fms-ct-2017.xlsx`` and
``fms-ct-2017.xml`` beside this module; a test checks the committed files match. Question names
are the canonical column names, so exports of the form import without any mapping.

No Django import.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from babel import Locale

from ctis.surveys import dictionary as dd
from ctis.surveys.instrument import labels as lb
from ctis.surveys.iso3166 import COUNTRIES

HERE = Path(__file__).resolve().parent
FORM_ID = "fms_ct_2017"
FORM_VERSION = "2017.1"
BASENAME = "fms-ct-2017"
XLSX_PATH = HERE / f"{BASENAME}.xlsx"
XML_PATH = HERE / f"{BASENAME}.xml"
TRANSLATION_NOTE = (
    "Labels other than English are draft translations by the ctis team: have each reviewed by "
    "a native speaker before use in the field."
)

Row = list[str]

#: Group of each question, in questionnaire order.
PROFILE = (
    "sex",
    "age",
    "nationality",
    "country_of_departure",
    "education",
    "employment_before",
    "marital_status",
    "reasons_for_leaving",
    "travelling_with",
    "journey_days",
    "journey_cost_usd",
    "countries_transited",
    "intended_destination",
)
INTERVIEW = ("survey_date", "country_of_interview", "location", "enumerator_id")


def language_header(column: str, code: str, autonym: str) -> str:
    """``label::English (en)``: the XLSForm convention for a translated column."""
    return f"{column}::{autonym} ({code})"


def _label_headers(column: str = "label") -> Row:
    return [language_header(column, code, name) for code, name, _locale in lb.LANGUAGES]


def list_name(column: dd.Column) -> str:
    kind = column.multi_kind if column.kind is dd.Kind.MULTI else column.kind
    if kind is dd.Kind.ALPHA2:
        return "countries_a2"
    if kind is dd.Kind.ALPHA3:
        return "countries_a3"
    if kind is dd.Kind.YN:
        return "yn"
    return column.name


def _constraint(column: dd.Column) -> str:
    parts = []
    if column.minimum is not None:
        op = ">" if column.exclusive_minimum else ">="
        parts.append(f". {op} {column.minimum:g}")
    if column.maximum is not None:
        parts.append(f". <= {column.maximum:g}")
    return " and ".join(parts)


def _question(name: str, labels: tuple[str, ...], relevant: str = "") -> Row:
    """One survey row: type, name, labels…, hint, required, constraint, relevant, appearance."""
    column = dd.BY_NAME[name]
    appearance = ""
    if column.kind is dd.Kind.DATE:
        qtype = "date"
    elif column.kind is dd.Kind.INTEGER:
        qtype = "integer"
    elif column.kind is dd.Kind.NUMBER:
        qtype = "decimal"
    elif column.kind is dd.Kind.MULTI:
        qtype = f"select_multiple {list_name(column)}"
        appearance = "minimal" if column.multi_kind is dd.Kind.ALPHA2 else ""
    elif column.kind in (dd.Kind.CODE, dd.Kind.YN, dd.Kind.ALPHA2, dd.Kind.ALPHA3):
        qtype = f"select_one {list_name(column)}"
        if column.kind in (dd.Kind.ALPHA2, dd.Kind.ALPHA3):
            appearance = "minimal autocomplete"
    else:
        qtype = "text"
    constraint = _constraint(column)
    default = "today()" if name == "survey_date" else ""
    required = "yes" if name in ("survey_date", "country_of_interview") else ""
    return [qtype, name, *labels, required, constraint, relevant, appearance, default, ""]


def survey_rows() -> list[Row]:
    """The survey sheet, header first."""
    header = ["type", "name", *_label_headers(), "required", "constraint", "relevant"]
    header += ["appearance", "default", "calculation"]
    blank_labels = [""] * len(lb.LANGUAGES)
    rows: list[Row] = [header]

    def row(qtype: str, name: str, labels: tuple[str, ...] | list[str], **extra: str) -> None:
        rows.append(
            [
                qtype,
                name,
                *labels,
                extra.get("required", ""),
                extra.get("constraint", ""),
                extra.get("relevant", ""),
                extra.get("appearance", ""),
                extra.get("default", ""),
                extra.get("calculation", ""),
            ]
        )

    row("calculate", "instrument_version", blank_labels, calculation=f"'{dd.CURRENT_VERSION}'")
    row("note", "intro", lb.NOTES["intro"])
    row("begin_group", "interview", lb.GROUPS["interview"])
    rows.extend(_question(name, lb.QUESTIONS[name]) for name in INTERVIEW)
    row("end_group", "", blank_labels)
    row("begin_group", "profile", lb.GROUPS["profile"])
    rows.extend(_question(name, lb.QUESTIONS[name]) for name in PROFILE)
    row("end_group", "", blank_labels)
    row("begin_group", "trafficking", lb.GROUPS["trafficking"])
    row("note", "trafficking_intro", lb.NOTES["trafficking_intro"])
    for item in dd.ITEMS:
        rows.append(_question(f"ht_{item}", lb.ITEM_QUESTIONS[item]))
        where = tuple(
            prefix.format(item=short)
            for prefix, short in zip(lb.COUNTRY_PREFIX, lb.ITEM_SHORT[item], strict=True)
        )
        rows.append(_question(f"ht_{item}_country", where, relevant=f"${{ht_{item}}} = 'yes'"))
    row("end_group", "", blank_labels)
    row("begin_group", "family", lb.GROUPS["family"], relevant="${travelling_with} = 'family'")
    row("note", "family_intro", lb.NOTES["family_intro"])
    for item in dd.ITEMS:
        family = tuple(
            prefix.format(item=short)
            for prefix, short in zip(lb.FAMILY_PREFIX, lb.ITEM_SHORT[item], strict=True)
        )
        rows.append(_question(f"htf_{item}", family))
    row("end_group", "", blank_labels)
    return rows


def _country_names() -> list[dict[str, str]]:
    """Country names per language, from Babel's CLDR data (English name as a fallback)."""
    names = []
    for _code, _name, locale in lb.LANGUAGES:
        territories = Locale.parse(locale).territories
        names.append({a2: str(territories.get(a2, en)) for a2, _a3, en in COUNTRIES})
    return names


def _country_order() -> list[tuple[str, str, str]]:
    """Region and route countries first (what enumerators pick most), then the rest by code."""
    first = [*dd.REGION_COUNTRIES, *dd.ROUTE_COUNTRIES]
    by_a2 = {c[0]: c for c in COUNTRIES}
    return [by_a2[a2] for a2 in first] + [c for c in COUNTRIES if c[0] not in first]


def choice_rows() -> list[Row]:
    """The choices sheet, header first."""
    rows: list[Row] = [["list_name", "name", *_label_headers()]]
    for list_name, choices in lb.CHOICES.items():
        for code, labels in choices.items():
            rows.append([list_name, code, *labels])
    names = _country_names()
    for list_name, index in (("countries_a2", 0), ("countries_a3", 1)):
        for country in _country_order():
            names_here = [n[country[0]] for n in names]
            if country[0] == "XK":
                names_here = [label.rstrip("*") + "*" for label in names_here]
            rows.append([list_name, country[index], *names_here])
    return rows


def settings_rows() -> list[Row]:
    return [
        ["form_title", "form_id", "version", "default_language", "style", "translation_note"],
        [
            "Flow monitoring survey: trafficking and exploitation module (FMS-CT 2017)",
            FORM_ID,
            FORM_VERSION,
            language_header("label", "en", "English").split("::", 1)[1],
            "pages",
            TRANSLATION_NOTE,
        ],
    ]


def sheets() -> dict[str, list[Row]]:
    """Every sheet of the XLSForm as rows of text, in order."""
    return {"survey": survey_rows(), "choices": choice_rows(), "settings": settings_rows()}


def _check_choice_lists() -> None:
    """Every code the dictionary allows has a choice (and nothing else), so the two agree."""
    for column in dd.COLUMNS:
        if column.kind in (dd.Kind.CODE, dd.Kind.MULTI) and column.multi_kind is dd.Kind.CODE:
            if column.name == "instrument_version":
                continue
            listed = tuple(lb.CHOICES[list_name(column)])
            if listed != column.codes:
                raise ValueError(f"choices of {column.name} differ from the dictionary")
    if tuple(lb.CHOICES["yn"]) != dd.YN_CODES:
        raise ValueError("yn choices differ from the dictionary")


def xlsx_bytes() -> bytes:
    """The XLSForm as an XLSX file, with fixed document dates so the bytes are reproducible."""
    from openpyxl import Workbook

    _check_choice_lists()
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for title, rows in sheets().items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    fixed = datetime(2017, 1, 1)  # a constant document date, so the bytes are reproducible
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "ctis"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xform_xml(xlsx: bytes) -> str:
    """Convert the XLSForm to an XForm with pyxform (the converter Kobo and ODK use)."""
    from pyxform.xls2xform import convert

    return convert(xlsform=io.BytesIO(xlsx), file_type=".xlsx", pretty_print=True).xform


def read_sheets(data: bytes) -> Iterator[tuple[str, list[Row]]]:
    """Read an XLSForm back as text rows (for the test that the committed file is current)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        for sheet in book.worksheets:
            rows = [
                ["" if v is None else str(v) for v in values]
                for values in sheet.iter_rows(values_only=True)
            ]
            yield sheet.title, rows
    finally:
        book.close()


def main() -> int:
    data = xlsx_bytes()
    XLSX_PATH.write_bytes(data)
    XML_PATH.write_text(xform_xml(data), encoding="utf-8")
    sys.stdout.write(f"wrote {XLSX_PATH.name} and {XML_PATH.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
