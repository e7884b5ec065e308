from __future__ import annotations

from django.apps import AppConfig
from django.conf.locale import LANG_INFO


class CoreConfig(AppConfig):
    name = "ctis.core"
    label = "core"
    verbose_name = "ctis"

    def ready(self) -> None:
        from ctis.core import checks  # noqa: F401 - registers the deployment checks

        # Django has no entries for Dari and Pashto; the language switcher needs them.
        LANG_INFO.setdefault(
            "prs", {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"}
        )
        LANG_INFO.setdefault(
            "ps", {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"}
        )
