from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ctis.directory"
    label = "directory"
    verbose_name = "Services directory"
