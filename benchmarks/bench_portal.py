"""Transferred size of every public portal page in every language (``make bench``).

Builds a throw-away SQLite database with the demo data, then requests every page the way a
phone does (``Accept-Encoding: gzip``) and reports, per language, the largest page: its
compressed HTML and headers plus the compressed stylesheet. Budget: 50 KB per page. Measured
twice: as published (drafts not yet reviewed show English) and with every translation
approved (Arabic-script text costs more bytes).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path


def _setup(directory: Path) -> None:
    os.environ.setdefault("CTIS_ENV", "development")
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctis.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", "load", verbosity=0)


def _report(title: str) -> bool:
    from django.test import Client

    from ctis.portal.budget import BUDGET_BYTES, measure

    costs = measure(Client())
    print(f"-- {title}: {len(costs)} pages, budget {BUDGET_BYTES:,} bytes")
    print(f"{'lang':<5} {'pages':>5} {'median':>8} {'largest':>8}  largest page")
    within = True
    for language in dict.fromkeys(c.language for c in costs):
        mine = [c for c in costs if c.language == language]
        largest = max(mine, key=lambda c: c.total)
        median = int(statistics.median(c.total for c in mine))
        flag = "" if largest.total <= BUDGET_BYTES else "  OVER BUDGET"
        within = within and not flag
        print(
            f"{language:<5} {len(mine):>5} {median:>8,} {largest.total:>8,}  {largest.path}{flag}"
        )
    return within


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ctis-bench-portal-") as tmp:
        _setup(Path(tmp))
        from ctis.portal import demo

        demo.load()  # idempotent; in case the demo command does not load the portal yet
        ok = _report("as published (unreviewed drafts fall back to English)")
        demo.load_pages(review_all=True)
        ok = _report("every translation reviewed") and ok
    if not ok:
        sys.exit("a portal page is over its 50 KB budget")


if __name__ == "__main__":
    main()
