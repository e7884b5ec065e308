"""Generate the offline screening interview (XLSForm, and its XForm) from the catalogue.

``python -m ctis.screening.offline.xlsform`` rewrites ``screening-ilo-ec-2009.xlsx`` and
``screening-ilo-ec-2009.xml`` beside this module; a test checks the committed files match.

The form follows the web interview: the consent checklist first (a refusal ends the form, and
nothing but the answers to the checklist is sent, which the import turns into an anonymous
count); then who the person is, without a name; then the questions grouped by stage of the
journey, each ``yes`` / ``no`` / ``unknown``, the child-only ones (the act question) asked only
under 18 and the adult-only indicators only from 18, as the web asks the profile's questions;
then the red flags. Question names are the consent and profile fields of ``Screening`` and the
catalogue's ids, so an export maps back without configuration. Labels are in English and every
language the catalogue has wording for; KoboCollect and ODK Collect lay out right-to-left
languages themselves.

No Django import.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from ctis.directory.languages import SERVICE_LANGUAGES
from ctis.screening.catalogue import Catalogue, load_catalogue
from ctis.screening.offline import labels as lb
from ctis.surveys.instrument import generate as survey_form
from ctis.surveys.instrument.languages import LANGUAGES as SURVEY_LANGUAGES

HERE = Path(__file__).resolve().parent
CATALOGUE_REF = "ilo-ec-2009@2009.1-draft"
FORM_ID = "ctis_screening_ilo_ec_2009"
BASENAME = "screening-ilo-ec-2009"
XLSX_PATH = HERE / f"{BASENAME}.xlsx"
XML_PATH = HERE / f"{BASENAME}.xml"

#: The consent checklist, as ``actions.CONSENT_FIELDS``; the agreement questions depend on age.
TOLD = (
    "told_purpose",
    "told_uses",
    "told_research",
    "told_right_to_see",
    "told_retention",
    "told_withdrawal",
)
CONSENT_FIELDS = (*TOLD, "is_child", "consent_interview", "child_assent", "guardian_consent")
PROFILE_FIELDS = (
    "respondent_language",
    "interpreter",
    "age",
    "age_at_exploitation",
    "sex",
    "nationality",
    "exploitation",
)
#: Calculations the form adds (not questions; the import recomputes what it needs).
CALCULATED = ("catalogue", "consent_complete", "child")
MAX_AGE = 120  # as the web form
CHOICE_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    # list name: (code, key of its label in ``labels``)
    "yes_no": (("yes", "yes"), ("no", "no")),
    "answer": (("yes", "yes"), ("no", "no"), ("unknown", "unknown_answer")),
    "sex": (
        ("female", "female"),
        ("male", "male"),
        ("other", "other"),
        ("unknown", "unknown_sex"),
    ),
    "exploitation": (
        ("labour", "labour"),
        ("sexual", "sexual"),
        ("both", "both"),
        ("unknown", "unknown_exploitation"),
    ),
}
TRANSLATION_NOTE = (
    "Wording other than English is a draft by the ctis team (the catalogue marks each question "
    "needs_review): have it reviewed by a native speaker before use in the field, and use an "
    "interpreter meanwhile."
)

Row = list[str]


@lru_cache(maxsize=1)
def builtin() -> Catalogue:
    """The catalogue the committed form is made from (loaded once: catalogues are immutable)."""
    return load_catalogue(CATALOGUE_REF)


def languages(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(code, autonym) of every language with wording: English first, then the catalogue's
    translations in the order of the flow-monitoring form."""
    english = catalogue.english_questions()
    available = [  # only languages whose questions are drafted (not just the result texts)
        code
        for code in catalogue.languages()
        if code == "en"
        or any(
            catalogue.questions(code)[q].text != english[q].text for q in catalogue.answerable_ids
        )
    ]
    ordered = [(code, name) for code, name, _locale in SURVEY_LANGUAGES if code in available]
    ordered += [(code, code) for code in available if code not in dict(ordered)]
    return ordered


def _label_headers(catalogue: Catalogue, column: str = "label") -> Row:
    return [survey_form.language_header(column, c, n) for c, n in languages(catalogue)]


def _texts(catalogue: Catalogue, key: str) -> Row:
    return [lb.text(key, code) for code, _name in languages(catalogue)]


def child_expression() -> str:
    """The web interview's rule for asking a child's questions: under 18 at the time of the
    exploitation (else now), or said to be a child at consent."""
    age = "coalesce(${age_at_exploitation}, ${age})"
    return f"if(${{is_child}} = 'yes' or ({age} != '' and number({age}) < 18), 'yes', 'no')"


def consent_expression() -> str:
    told = " and ".join(f"${{{name}}} = 'yes'" for name in TOLD)
    agreed = (
        "((${is_child} = 'yes' and ${child_assent} = 'yes' and ${guardian_consent} = 'yes') or "
        "(${is_child} = 'no' and ${consent_interview} = 'yes'))"
    )
    return f"if({told} and {agreed}, 'yes', 'no')"


def survey_rows(catalogue: Catalogue | None = None) -> list[Row]:
    """The survey sheet, header first."""
    catalogue = catalogue or builtin()
    count = len(languages(catalogue))
    blank = [""] * count
    header = ["type", "name", *_label_headers(catalogue), "required", "constraint"]
    header += [*_label_headers(catalogue, "constraint_message"), "relevant", "appearance"]
    header += ["calculation"]
    rows: list[Row] = [header]

    def row(qtype: str, name: str, labels: Row | None = None, **extra: str) -> None:
        message = extra.get("message")
        rows.append(
            [
                qtype,
                name,
                *(labels if labels is not None else blank),
                extra.get("required", ""),
                extra.get("constraint", ""),
                *(_texts(catalogue, message) if message else blank),
                extra.get("relevant", ""),
                extra.get("appearance", ""),
                extra.get("calculation", ""),
            ]
        )

    def ask(qtype: str, name: str, **extra: str) -> None:
        row(qtype, name, _texts(catalogue, name), **extra)

    row("start", "start")
    row("end", "end")
    row("calculate", "catalogue", calculation=f"'{catalogue.ref}'")
    ask("note", "intro")

    ask("begin_group", "consent", appearance="field-list")
    for name in (*TOLD, "is_child"):
        ask("select_one yes_no", name, required="yes")
    ask("select_one yes_no", "consent_interview", required="yes", relevant="${is_child} = 'no'")
    for name in ("child_assent", "guardian_consent"):
        ask("select_one yes_no", name, required="yes", relevant="${is_child} = 'yes'")
    row("end_group", "")
    row("calculate", "consent_complete", calculation=consent_expression())
    ask("note", "refused", relevant="${consent_complete} = 'no'")

    consented = "${consent_complete} = 'yes'"
    ask("begin_group", "profile", relevant=consented, appearance="field-list")
    ask("select_one respondent_language", "respondent_language", required="yes")
    ask("select_one yes_no", "interpreter", required="yes")
    ask("integer", "age", constraint=f". >= 0 and . <= {MAX_AGE}")
    ask(
        "integer",
        "age_at_exploitation",
        constraint=f". >= 0 and . <= {MAX_AGE} and (${{age}} = '' or . <= ${{age}})",
        message="age_constraint",
    )
    ask("select_one sex", "sex", required="yes")
    ask("select_one countries_a3", "nationality", appearance="minimal autocomplete")
    ask("select_one exploitation", "exploitation", required="yes")
    row("end_group", "")
    row("calculate", "child", calculation=child_expression())

    adult = set(catalogue.profiles["adult_labour"].indicators)
    child = set(catalogue.profiles["child_labour"].indicators)
    texts = {code: catalogue.questions(code) for code, _name in languages(catalogue)}
    order = catalogue.question_order
    for stage in catalogue.stages:
        ids = [
            i
            for i in order
            if (
                catalogue.indicators[i].stage if i in catalogue.indicators else _stage(catalogue, i)
            )
            == stage.id
        ]
        if not ids:
            continue
        title = [texts[code][f"stage.{stage.id}"].text for code, _name in languages(catalogue)]
        row("begin_group", stage.id, title, relevant=consented, appearance="field-list")
        for question_id in ids:
            if question_id in catalogue.act_ids:
                relevant = "${child} = 'yes'"
            elif question_id in catalogue.indicators and question_id not in child:
                relevant = "${child} = 'no'"
            elif question_id in catalogue.indicators and question_id not in adult:
                relevant = "${child} = 'yes'"
            else:
                relevant = ""
            wording = [texts[code][question_id].text for code, _name in languages(catalogue)]
            row("select_one answer", question_id, wording, relevant=relevant)
        row("end_group", "")
    return rows


def _stage(catalogue: Catalogue, question_id: str) -> str:
    stages = {f.id: f.stage for f in catalogue.red_flags}
    stages.update({a.id: a.stage for a in catalogue.act_questions})
    return stages[question_id]


def country_rows(catalogue: Catalogue) -> list[Row]:
    """ISO alpha-3 countries named in each language (the flow-monitoring form's list)."""
    wanted = [code for code, _name in languages(catalogue)]
    survey_codes = [code for code, _name, _locale in SURVEY_LANGUAGES]
    rows = []
    for list_name, code, *names in survey_form.choice_rows()[1:]:
        if list_name != "countries_a3":
            continue
        by_language = dict(zip(survey_codes, names, strict=True))
        rows.append(["countries_a3", code, *(by_language.get(c, names[0]) for c in wanted)])
    return rows


def choice_rows(catalogue: Catalogue | None = None) -> list[Row]:
    """The choices sheet, header first."""
    catalogue = catalogue or builtin()
    rows: list[Row] = [["list_name", "name", *_label_headers(catalogue)]]
    for list_name, choices in CHOICE_LISTS.items():
        for code, key in choices:
            rows.append([list_name, code, *_texts(catalogue, key)])
    count = len(languages(catalogue))
    for code in lb.INTERVIEW_LANGUAGES:
        rows.append(["respondent_language", code, *[SERVICE_LANGUAGES[code]] * count])
    rows += country_rows(catalogue)
    return rows


def settings_rows(catalogue: Catalogue | None = None) -> list[Row]:
    catalogue = catalogue or builtin()
    return [
        [
            "form_title",
            "form_id",
            "version",
            "default_language",
            "style",
            "instance_name",
            "translation_note",
        ],
        [
            f"Anonymous screening (ILO/EC indicators, {catalogue.ref})",
            FORM_ID,
            catalogue.version,
            "English (en)",
            "pages",
            # The date and time the interview began: nothing about the person.
            "concat('screening ', substr(${start}, 0, 16))",
            TRANSLATION_NOTE,
        ],
    ]


def sheets(catalogue: Catalogue | None = None) -> dict[str, list[Row]]:
    """Every sheet of the XLSForm as rows of text, in order."""
    catalogue = catalogue or builtin()
    return {
        "survey": survey_rows(catalogue),
        "choices": choice_rows(catalogue),
        "settings": settings_rows(catalogue),
    }


def xlsx_bytes(catalogue: Catalogue | None = None) -> bytes:
    """The XLSForm as an XLSX file, with fixed document dates so the bytes are reproducible."""
    from openpyxl import Workbook

    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for title, rows in sheets(catalogue).items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    fixed = datetime(2009, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "ctis"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xform_xml(xlsx: bytes) -> str:
    """Convert the XLSForm to an XForm with pyxform (the converter Kobo and ODK use)."""
    return survey_form.xform_xml(xlsx)


def read_sheets(data: bytes) -> Iterator[tuple[str, list[Row]]]:
    return survey_form.read_sheets(data)


def main() -> int:
    data = xlsx_bytes()
    XLSX_PATH.write_bytes(data)
    XML_PATH.write_text(xform_xml(data), encoding="utf-8")
    sys.stdout.write(f"wrote {XLSX_PATH.name} and {XML_PATH.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
