"""The guard every spreadsheet import passes before a file is parsed. No Django import.

An XLSX file is a zip archive: two megabytes can unpack to hundreds of megabytes of XML and
hundreds of thousands of rows, and parsing them holds a worker for as long. So before any
parser sees a file, ``guard`` checks what the archive declares it unpacks to (Python's zipfile
never inflates a member past its declared size) and counts the rows of every worksheet while
inflating it, stopping at the cap. A CSV file is counted the same way. The readers then read
at most the capped number of rows as well.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

#: What the members of an XLSX archive may unpack to, together.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_CHUNK = 1024 * 1024
# A worksheet row element, with or without a namespace prefix, and its row number if it has one.
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


class LimitExceeded(ValueError):
    """The file is bigger than an import accepts; nothing of it was parsed."""

    def __init__(self, message: str, *, row: int | None = None, column: int | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


def guard(data: bytes, file_format: str, *, max_rows: int) -> None:
    """Refuse ``data`` (``"csv"`` or ``"xlsx"``) if it holds more than ``max_rows`` data rows
    (the header is row 1) or, for XLSX, unpacks to more than ``MAX_UNPACKED_BYTES``.

    Raises LimitExceeded naming the first row past the cap. Other formats pass unchecked, and
    a damaged file passes too: its reader reports what is wrong with it.
    """
    if file_format == "xlsx":
        _guard_xlsx(data, max_rows)
    elif file_format == "csv":
        _guard_csv(data, max_rows)


def _too_many(max_rows: int) -> LimitExceeded:
    row = max_rows + 2  # the header is row 1
    return LimitExceeded(
        f"row {row}, column 1: the file has more than {max_rows} rows; "
        f"split it into files of at most {max_rows} rows",
        row=row,
        column=1,
    )


def _guard_xlsx(data: bytes, max_rows: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise LimitExceeded(
                f"the file unpacks to {unpacked // (1024 * 1024)} MB, more than "
                f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB; split it into smaller files"
            )
        for member in members:
            name = member.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    _count_rows(archive, member, max_rows + 1)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                    return  # damaged: the reader says so
                except LimitExceeded:
                    raise _too_many(max_rows) from None


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> None:
    """Inflate one worksheet chunk by chunk; raise LimitExceeded once it passes ``limit`` rows.

    A row counts by its element and by its number: ``<row r="1000000">`` alone would make a
    reader yield a million empty rows.
    """
    count = 0
    carry = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            buffer = carry + chunk
            if chunk:
                cut = buffer.rfind(b"<")
                if cut <= 0 or len(buffer) - cut > _CHUNK:
                    cut = len(buffer)
                buffer, carry = buffer[:cut], buffer[cut:]
            for match in _ROW.finditer(buffer):
                count += 1
                number = _ROW_NUMBER.search(match.group(1))
                if count > limit or (number is not None and int(number.group(1)) > limit):
                    raise LimitExceeded("too many rows")
            if not chunk:
                return


def _guard_csv(data: bytes, max_rows: int) -> None:
    if data.count(b"\n") <= max_rows:  # header plus max_rows lines cannot pass the cap
        return
    text = data.decode("utf-8-sig", errors="replace")
    counted = 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are skipped by the readers too
            counted += 1
            if counted > max_rows + 1:
                raise LimitExceeded(
                    f"row {number}, column 1: the file has more than {max_rows} rows; "
                    f"split it into files of at most {max_rows} rows",
                    row=number,
                    column=1,
                )
    except csv.Error:
        return  # not readable as CSV: the reader says where
