"""Scratch databases on one server: built from the migrations, cloned, dropped.

The schema tools (`db diff`, the drift and snapshot checks) compare databases built here;
they never touch the project database.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from creatorverse.db import server
from creatorverse.db.migrate import Migrator


class ScratchServer:
    def __init__(self, admin_url: str, prefix: str = "creatorverse_scratch"):
        self.admin_url = admin_url
        self.prefix = prefix

    def url(self, name: str) -> str:
        return server.with_database(self.admin_url, self.name(name))

    def name(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def migrated(self, name: str, migrations_dir: Path) -> str:
        """A new database holding what `migrations_dir` alone builds."""
        self.drop(name)
        url = server.ensure_database(self.admin_url, self.name(name))
        Migrator(url, migrations_dir).run()
        return url

    def clone(self, source: str, name: str) -> str:
        """A copy of scratch database `source` (no session may be connected to it), with its
        database-level settings, which a template does not pass on."""
        self.drop(name)
        target = sql.Identifier(self.name(name))
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("create database {} template {}").format(target, sql.Identifier(self.name(source))))
            settings = admin.execute(
                "select unnest(s.setconfig) from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase"
                " where d.datname = %s and s.setrole = 0",
                (self.name(source),),
            ).fetchall()
            for (setting,) in settings:
                key, value = setting.split("=", 1)
                admin.execute(
                    sql.SQL("alter database {} set {} = {}").format(target, sql.Identifier(key), sql.SQL(value))
                )
        return self.url(name)

    def drop(self, *names: str) -> None:
        for name in names:
            server.drop_database(self.admin_url, self.name(name))

    @contextmanager
    def session(self, *names: str):
        """Drop the named scratch databases when the block ends, however it ends."""
        try:
            yield self
        finally:
            self.drop(*names)
