"""Field encryption figures (``python -m benchmarks encryption``).

In process, one core: AES-256-GCM encrypt and decrypt, HMAC blind index and name search keys
for 100,000 short values. In a child process on a fresh SQLite file: ``ctis keys rotate`` over
100,000 rows with two encrypted columns (name and date of birth), from key 1 to key 2.
``CTIS_BENCH_ENCRYPTION_ROWS`` changes the count.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ctis.core.encryption import KeyRing, blind_index, generate_key
from ctis.core.names import search_keys

ROWS = int(os.environ.get("CTIS_BENCH_ENCRYPTION_ROWS", "100000"))
SEED = 20261128
GIVEN = ["Jelena", "Марко", "Đorđe", "Mohammed", "محمد", "Drita", "Ana", "Fatima", "Yusuf", "Ivan"]
FAMILY = ["Petrović", "Ђурић", "Hasan", "Berisha", "Kovač", "حسين", "Popovski", "Al-Hassan"]
AAD = "cases_person.name"


def _names(count: int) -> list[str]:
    rng = random.Random(SEED)
    return [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(count)]


def _rate(label: str, count: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {count / seconds:>12,.0f} /s   ({seconds:.2f} s for {count:,})")
    return seconds


def main() -> None:
    names = _names(ROWS)
    ring = KeyRing.parse(f"1:{generate_key()}")
    index_key = os.urandom(32)
    tokens: list[str] = []
    _rate("AES-256-GCM encrypt (short names)", ROWS,
          lambda: tokens.extend(ring.encrypt(n, aad=AAD) for n in names))  # fmt: skip
    _rate("AES-256-GCM decrypt", ROWS, lambda: [ring.decrypt(t, aad=AAD) for t in tokens])
    purpose = "person.name"
    _rate("HMAC-SHA256 blind index", ROWS,
          lambda: [blind_index(n, key=index_key, purpose=purpose) for n in names])  # fmt: skip
    key_sets: list[set[str]] = []
    _rate("name search keys (names.search_keys)", ROWS,
          lambda: key_sets.extend(search_keys(n) for n in names))  # fmt: skip
    total_keys = sum(len(k) for k in key_sets)
    print(f"{'search keys per name (mean)':<44} {total_keys / ROWS:>12.2f}")
    mean_token = sum(len(t) for t in tokens) / len(tokens)
    mean_plain = sum(len(n.encode()) for n in names) / len(names)
    label = "stored token vs UTF-8 plaintext (mean bytes)"
    print(f"{label:<44} {mean_token:>8.0f} vs {mean_plain:.0f}")

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CTIS_ENV": "development",
            "CTIS_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "ctis.settings",
            "CTIS_DATA_KEYS": f"1:{generate_key()}",
            "CTIS_BLIND_INDEX_KEY": generate_key(),
        }
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_encryption", "--rotate-child"],
            env=env,
            check=True,
        )


def _rotate_child() -> None:
    """Runs in a child process with its own settings: SQLite file, keys from the environment."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, models
    from django.test.utils import isolate_apps

    from ctis.core.fields import EncryptedDateField, EncryptedTextField
    from ctis.core.management.commands import keys

    call_command("migrate", verbosity=0)
    with isolate_apps("ctis.core"):

        class BenchPerson(models.Model):
            name = EncryptedTextField(blind_index="person.name", normaliser="name")
            birth_date = EncryptedDateField(null=True)

            class Meta:
                app_label = "core"

            def __str__(self) -> str:
                return str(self.pk)

    with connection.schema_editor() as editor:
        editor.create_model(BenchPerson)
    names = _names(ROWS)
    started = time.perf_counter()
    BenchPerson.objects.bulk_create(
        (BenchPerson(name=n, birth_date=datetime.date(1990, 1, 1 + i % 28))
         for i, n in enumerate(names)),
        batch_size=2000,
    )  # fmt: skip
    insert = time.perf_counter() - started
    print(f"{'insert (encrypting 2 columns), SQLite':<44} {ROWS / insert:>12,.0f} rows/s")
    settings.CTIS_DATA_KEYS = f"{settings.CTIS_DATA_KEYS},2:{generate_key()}"
    keys.encrypted_models = lambda: [BenchPerson]  # type: ignore[assignment]
    out = io.StringIO()
    started = time.perf_counter()
    call_command("keys", "rotate", "--batch-size", "1000", stdout=out)
    seconds = time.perf_counter() - started
    print(
        f"{'keys rotate, SQLite, 2 columns':<44} {ROWS / seconds:>12,.0f} rows/s   "
        f"({seconds:.1f} s for {ROWS:,} rows)"
    )
    started = time.perf_counter()
    call_command("keys", "rotate", stdout=io.StringIO())
    print(f"{'keys rotate again (nothing to do)':<44} {time.perf_counter() - started:>12.2f} s")
    assert "values, " + f"{2 * ROWS} re-encrypted" in out.getvalue(), out.getvalue()


if __name__ == "__main__":
    if sys.argv[1:] == ["--rotate-child"]:
        _rotate_child()
    else:
        main()
