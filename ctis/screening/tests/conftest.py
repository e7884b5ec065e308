"""Fixtures for the plain (no-database) screening tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctis.screening.catalogue import CATALOGUE_DIR, Catalogue, load_catalogue, parse_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue("ilo-ec-2009@2009.1-draft")


@pytest.fixture(scope="session")
def catalogue_data() -> dict[str, Any]:
    """The bundled catalogue as parsed YAML, for tests that build variants of it."""
    with (CATALOGUE_DIR / "ilo-ec-2009.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def sexual_catalogue(catalogue_data: dict[str, Any]) -> Catalogue:
    """A fictional national version with an adult_sexual profile: the adult_labour strengths,
    except that "forced tasks or clients" is strong (as the research notes say it is for
    sexual exploitation). Not real data; only for testing profile choice and ties."""
    data = copy.deepcopy(catalogue_data)
    data["version"] = "2009.1-test-sexual"
    data["profiles"]["adult_sexual"] = {"pattern": "adult"}
    for indicator in data["indicators"]:
        indicator["strength"]["adult_sexual"] = indicator["strength"]["adult_labour"]
        if indicator["id"] == "cd.forced_tasks_clients":
            indicator["strength"]["adult_sexual"] = "S"
    return parse_catalogue(data, "<test sexual catalogue>")


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
