"""The ``ctis`` command: Django's management commands plus file-only tools.

File-only tools (``ctis prevalence``, ``ctis screen``, ``ctis linkage``) run without Django
or a database, so they start fast and work on a laptop with nothing but the files. Everything
else is a management command.
"""

from __future__ import annotations

import importlib
import os
import sys

# name -> "module:function"; each function takes argv (without the tool name) and returns
# an exit code.
FILE_TOOLS: dict[str, str] = {
    "prevalence": "ctis.analytics.cli:main",
    "screen": "ctis.screening.cli:main",
    "linkage": "ctis.linkage.cli:main",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in FILE_TOOLS:
        module_name, function_name = FILE_TOOLS[argv[1]].split(":")
        tool = getattr(importlib.import_module(module_name), function_name)
        return int(tool(argv[2:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ctis", *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
