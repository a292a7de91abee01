"""Make pgTAP available to the embedded server, and pg_prove to the shell.

Debian's `postgresql-15-pgtap` ships pgTAP as pure SQL, which loads on PostgreSQL 18 too:
fetch the package once (cached under .creatorverse/cache), then copy its extension files
into the embedded server's extension folder. pg_prove (what `supabase test db` runs) comes
from Debian's `libtap-parser-sourcehandler-pgtap-perl`. Does nothing when both are there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from creatorverse.db.server import extension_dir
from creatorverse.settings import get_settings

PACKAGE = "postgresql-15-pgtap"
PG_PROVE_PACKAGE = "libtap-parser-sourcehandler-pgtap-perl"


def apt_get(*args: str, cwd: Path | None = None) -> None:
    """apt-get, refreshing the package lists once if the first try fails."""
    command = ["apt-get", *args]
    if subprocess.run(command, cwd=cwd, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch_deb(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob(f"{PACKAGE}_*.deb"))
    if found:
        return found[-1]
    apt_get("download", PACKAGE, cwd=cache)
    return sorted(cache.glob(f"{PACKAGE}_*.deb"))[-1]


def ensure_pg_prove() -> None:
    if shutil.which("pg_prove"):
        return
    apt_get("install", "-y", "-qq", "--no-install-recommends", PG_PROVE_PACKAGE)
    print(f"pg_prove installed from {PG_PROVE_PACKAGE}")


def main() -> int:
    ensure_pg_prove()
    target = extension_dir()
    if (target / "pgtap.control").exists():
        print(f"pgTAP already installed in {target}")
        return 0
    deb = fetch_deb(get_settings().state_dir / "cache")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
        files = list(Path(tmp).glob("usr/share/postgresql/*/extension/pgtap*"))
        if not files:
            print(f"{deb} holds no pgTAP extension files", file=sys.stderr)
            return 1
        for f in files:
            shutil.copy2(f, target / f.name)
    print(f"pgTAP installed into {target} from {deb.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
