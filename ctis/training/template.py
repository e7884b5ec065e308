"""The participant list template: a sheet to fill in, with one fictional example row, and a
sheet of the values the import accepts, both in the reader's language."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from ctis.training import spellings
from ctis.training.importing import FIELDS


def example_row() -> list[str | int]:
    return [
        _(spellings.EXAMPLE_NAME),
        _("Example Border Police Station"),
        _("Border police"),
        _("Border officer"),
        _("Female"),
        _("Albania"),
        45,
        80,
    ]


def workbook() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    sheet.append([str(spellings.COLUMN_LABELS[key]) for key in FIELDS])
    sheet.append(example_row())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 24
    allowed = book.create_sheet(_("Allowed values")[:31])
    allowed.append([_("Column"), _("What to type"), _("Code (also accepted)")])
    for row in spellings.allowed_values():
        allowed.append(list(row))
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    for column in "ABC":
        allowed.column_dimensions[column].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
