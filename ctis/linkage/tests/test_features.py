"""Names compare across scripts and spellings before any fuzzy comparison."""

from __future__ import annotations

import subprocess
import sys

from ctis.core.names import name_skeleton, name_tokens, search_keys, token_skeleton
from ctis.linkage.features import features, tokens
from ctis.linkage.records import Record


def test_slavic_spellings_and_cyrillic_fold_to_one_form() -> None:
    forms = {tokens(n) for n in ("Đurić", "Djuric", "Djurich", "Ђурић", "DJURIĆ")}
    assert forms == {("duric",)}
    assert tokens("Dušan") == tokens("Dushan") == tokens("Душан")


def test_arabic_script_and_transliterations_share_a_skeleton() -> None:
    assert name_skeleton("يوسف") == name_skeleton("Yousef") == name_skeleton("Jusuf")
    assert name_skeleton("احمدی") == name_skeleton("Ahmadi") == name_skeleton("Ахмади")
    assert token_skeleton("hsyny") == token_skeleton("husseini")
    assert name_skeleton("هالة") == name_skeleton("Hala")


def test_name_key_is_order_free_and_the_parts_keep_their_roles() -> None:
    swapped = features(Record("b", given_name="Petrović", family_name="Marko"))
    plain = features(Record("a", given_name="Marko", family_name="Petrović"))
    assert swapped["name_key"] == plain["name_key"] == "marko petrovic"
    assert plain["given_key"] == "marko" and plain["family_key"] == "petrovic"


def test_search_keys_are_unchanged_by_the_linkage_additions() -> None:
    # The blind indexes depend on these: the linkage functions are additive.
    assert sorted(search_keys("Марко Петровић")) == ["marko petrovic", "marko petrovich"]
    assert name_tokens("Abdul-Rahman al-Hashimi") == ["abd", "rahman", "hashimi"]


def test_the_linkage_core_imports_no_django() -> None:
    script = (
        "import sys\n"
        "import ctis.linkage.cli, ctis.linkage.model, ctis.linkage.pprl, ctis.linkage.synthetic\n"
        "import ctis.linkage.quality, ctis.linkage.train, ctis.linkage.features\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
