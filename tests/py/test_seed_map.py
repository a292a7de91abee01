"""Every seed table named in docs/seed-map.toml is fully accounted for in the migrated database."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT.parent / "shared" / "tools"


@pytest.fixture(scope="module")
def coverage():
    if not (TOOLS / "seed_coverage.py").exists():
        pytest.skip("../shared/tools is not beside this checkout")
    sys.path.insert(0, str(TOOLS))
    import seed_coverage

    return seed_coverage


def test_mapped_seed_tables_are_fully_accounted(coverage, db_url):
    mapping = tomllib.loads((ROOT / "docs" / "seed-map.toml").read_text())
    seeds = coverage.seed_tables()
    mapped = {system: {t: seeds[system][t] for t in tables} for system, tables in mapping.items()}
    total, accounted, gaps = coverage.check(mapped, mapping, coverage.live_columns(db_url))
    assert gaps == [], gaps
    assert accounted == total > 0
