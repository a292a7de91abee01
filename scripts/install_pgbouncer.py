"""Make PgBouncer available to the tests (tests/py/test_pooler.py runs the workers through it in
transaction mode, as Supabase's port 6543 pooler would): Debian's `pgbouncer`, installed with
apt-get like pg_prove (scripts/install_pgtap.py). Does nothing when it is there.
"""

from __future__ import annotations

import os
import shutil
import sys

from install_pgtap import apt_get

PACKAGE = "pgbouncer"


def installed() -> str | None:
    return shutil.which("pgbouncer") or next(
        (path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(path, os.X_OK)), None
    )


def main() -> int:
    found = installed()
    if found:
        print(f"PgBouncer already installed: {found}")
        return 0
    apt_get("install", "-y", "-qq", "--no-install-recommends", PACKAGE)
    print(f"PgBouncer installed from {PACKAGE}: {installed()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
