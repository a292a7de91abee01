"""Make pgTAP available to the embedded server.

Debian's `postgresql-15-pgtap` ships pgTAP as pure SQL, which loads on PostgreSQL 18 too:
fetch the package once (cached under .creatorverse/cache), then copy its extension files
into the embedded server's extension folder. Does nothing when they are already there.
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


def fetch_deb(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob(f"{PACKAGE}_*.deb"))
    if found:
        return found[-1]
    download = ["apt-get", "download", PACKAGE]
    if subprocess.run(download, cwd=cache, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(download, cwd=cache, check=True)
    return sorted(cache.glob(f"{PACKAGE}_*.deb"))[-1]


def main() -> int:
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
