"""Compile every locale/*/LC_MESSAGES/*.po to .mo with Babel.

Django's compilemessages needs GNU gettext's msgfmt, which a machine with only Python lacks.
A .po file with a syntax error, or a translation whose placeholders differ from the source,
fails the command, so a broken translation fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}|%[sd]")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


class Command(BaseCommand):
    help = "Compile translations (.po to .mo) with Babel, checking placeholders."

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                try:
                    with po_path.open("rb") as handle:
                        catalog = read_po(handle, abort_invalid=True)
                except Exception as exc:  # Babel raises several error types for bad files
                    problems.append(f"{po_path}: {exc}")
                    continue
                for message in catalog:
                    if not message.id or not message.string or message.fuzzy:
                        continue
                    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                    strings = (
                        message.string
                        if isinstance(message.string, tuple | list)
                        else (message.string,)
                    )
                    expected = _placeholders(ids[0])
                    for translated in strings:
                        if translated and _placeholders(translated) != expected and len(ids) == 1:
                            problems.append(
                                f"{po_path}:{message.lineno}: placeholders {expected} "
                                f"differ in translation {_placeholders(translated)}"
                            )
                with po_path.with_suffix(".mo").open("wb") as handle:
                    write_mo(handle, catalog)
                count += 1
        if problems:
            raise CommandError("Broken translations:\n" + "\n".join(problems))
        self.stdout.write(f"compiled {count} translation catalogues")
