from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from ctis.core.encryption import KeyRing


class CasesConfig(AppConfig):
    name = "ctis.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from ctis.audit.queries import register_related_codes
        from ctis.cases.queries import related_codes

        register_related_codes(related_codes)

    def rotate_encrypted_files(self, ring: KeyRing) -> tuple[int, int]:
        """Called by ``ctis keys rotate``: re-encrypt the case documents' files."""
        from ctis.cases import documents

        return documents.rotate(ring)
