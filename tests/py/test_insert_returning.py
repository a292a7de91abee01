"""supabase-js `.insert(row).select()` and `.update(…).select()` on every client-writable table.

PostgREST answers `Prefer: return=representation` with `insert … returning *` (`update …
returning *`), which PostgreSQL allows only when the written row also passes the table's SELECT
policy. A SELECT policy that looks the row itself up through a helper cannot see a row the
statement is writing, and the client gets 42501 for a write it was entitled to.

The tables come from the catalog: every table with an INSERT, UPDATE or ALL policy for
`authenticated` whose write the role is granted (a policy's write without the grant is explained
in UNGRANTED). The owner of an organization, entitled to every write there, does each write as
PostgREST would (role `authenticated` and the JWT claims) and must get the row back. A table
clients insert into needs an entry in ROWS (the values of a minimal valid row beyond what
`row_values` fills by itself), so a new client-writable table fails here until it has one.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

# Tables written by clients, with the values their minimal valid row needs beyond the generic
# ones (`row_values`): SQL expressions evaluated as the acting user, or "@schema.table.column",
# that column of the world's row of that table. Columns with a default are not sent, as a
# supabase-js client would not send them (creator columns default to auth.uid()); NOT NULL
# columns referencing another table get the world's row of that table. Parents that clients do
# not insert (investments, agreements) take their values from here too.
WORKFLOW_GRAPH = """'{"nodes": [{"id": "n1", "type": "Input.Stock", "params": {"query": "harbor"}},
    {"id": "n2", "type": "Script.Generate", "params": {"text": "harbor news"}}, {"id": "n3", "type": "Voice.TTS"},
    {"id": "n4", "type": "Edit.Timeline"}, {"id": "n5", "type": "Output.Render"}],
  "edges": [{"id": "e1", "from": "n1", "to": "n4"}, {"id": "e2", "from": "n2", "to": "n3"},
    {"id": "e3", "from": "n3", "to": "n4"}, {"id": "e4", "from": "n4", "to": "n5"}]}'"""
ROWS: dict[str, dict[str, str]] = {
    "public.animations": {},
    "public.asset_versions": {},
    "public.assets": {"type": "'image'"},
    "public.badges": {"community_id": "@public.communities.id"},
    "public.book_structure": {"extraction_method": "'manual'"},
    "public.books": {},
    "public.brand_policies": {},
    "public.campaign_updates": {},
    "public.campaigns": {},
    "public.cart_items": {},
    "private.daily_counts": {"subject": "'product'", "subject_id": "@public.products.id", "counter": "'view'"},
    "public.carts": {},
    "public.chapter_scripts": {},
    "public.chapters": {},
    "public.characters": {"project_id": "@public.projects.id"},
    "public.communities": {"slug": "'insert-returning'"},
    "public.content_category_items": {},
    "public.content_episodes": {},
    "public.content_likes": {},
    "public.content_ratings": {},
    "public.content_seasons": {},
    "public.content_categories": {"slug": "'drama'"},
    "public.contents": {"type": "'series'"},
    "public.discount_codes": {"code": "'WELCOME10'", "type": "'percentage'", "percent_off": "10"},
    "public.discussion_comments": {},
    "public.discussion_poll_votes": {"option_id": "'a'"},
    "public.discussion_votes": {"discussion_id": "@public.discussions.id", "vote_type": "'up'"},
    "public.discussions": {"type": "'poll'", "poll_options": """'[{"id": "a", "label": "A"}]'"""},
    "public.event_rsvps": {"status": "'going'"},
    "public.events": {"event_type": "'watch_party'", "event_date": "now() + interval '7 days'"},
    "public.fan_content_comments": {},
    "public.fan_content_likes": {},
    "public.fan_contents": {"type": "'fanart'"},
    "public.feedback": {},
    "public.investment_tiers": {},
    "public.investments": {"currency": "'usd'"},
    "public.investor_rewards": {"reward_type": "'digital'"},
    "public.license_agreements": {
        "royalty_percent": "8",
        "end_date": "current_date + 365",
        "status": "'active'",
        "licensee_user_id": "tests.get_user_id('owner')",
    },
    "public.license_catalog": {"available_types": "array['merchandise']", "available_territories": "array['global']"},
    "public.license_request_notes": {},
    "public.license_requests": {
        "project_id": "@public.license_catalog.project_id",
        "license_type": "'merchandise'",
        "territory": "'global'",
        "contact_email": "'tia@toyco.test'",
    },
    "public.moodboards": {},
    "public.plot_overviews": {},
    "public.product_internals": {},
    "public.product_variants": {},
    "public.products": {"category": "'books'", "status": "'active'", "stock_quantity": "5"},
    "public.project_collaborators": {"user_id": "tests.get_user_id('fan')"},
    "public.projects": {},
    "public.prompt_ratings": {},
    "public.prompts": {},
    "public.provider_credentials": {"provider": "'openai'"},
    "public.royalty_reports": {"period_end": "current_date + 30"},
    "public.scenes": {"story_id": "@public.stories.id"},
    "public.schedules": {"cron": "'0 10 * * *'", "kind": "'image'"},
    "public.scripts": {},
    "public.stories": {},
    "public.templates": {
        "aspect": "'9:16'",
        "resolution": "'1080x1920'",
        "spec": """'{"tracks": [{"type": "video", "id": "main"}]}'""",
    },
    "public.universes": {},
    "public.user_follows": {"following_id": "tests.get_user_id('fan')"},
    "public.watchlists": {},
    "public.webhooks": {"url": "'https://example.test/hook'"},
    "public.workflows": {"graph": WORKFLOW_GRAPH},
}

# Rows a client cannot insert but may update, and parents clients do not insert: how the test
# world has them (run by the database owner; must return the row; "@schema.table.column" as in
# ROWS).
EXISTING: dict[str, str] = {
    "auth.users": "select * from auth.users where id = tests.get_user_id('owner')",
    "public.profiles": "select * from public.profiles where id = tests.get_user_id('owner')",
    "public.organizations": "select * from public.organizations where id = tests.org_id('acme')",
    # the community's creator is its first member (made with the world's community)
    "public.community_members": "select * from public.community_members"
    " where community_id = @public.communities.id and user_id = tests.get_user_id('owner')",
}

# Writes that a policy for authenticated would allow but the role is not granted, and why: such a
# table is written through an RPC, or that write does not exist for clients. A new ungranted
# write fails test_ungranted_writes_are_explained until it is listed here.
UNGRANTED: dict[tuple[str, str], str] = {
    ("public.watch_history", "insert"): "written only by public.record_watch_progress (one row per viewer and title, "
    "completion and daily views counted there); its FOR ALL policy serves select and delete",
    ("public.watch_history", "update"): "as for insert: public.record_watch_progress moves the position",
    ("public.carts", "update"): "a cart has no client-changeable column (lines change in cart_items); "
    "its FOR ALL policy serves insert, select and delete",
    ("public.content_category_items", "update"): "a placement is added or removed, never changed; "
    "its FOR ALL policy serves insert and delete",
    ("public.watchlists", "update"): "a watchlist entry is added or removed, never changed",
    ("public.content_likes", "update"): "a like is given or taken back, never changed",
}

# Each (table, write) that a policy for authenticated allows, and whether the role is granted it.
CLIENT_WRITES = """
select distinct format('%I.%I', n.nspname, c.relname) as table_name, w.command,
       case w.command when 'insert' then has_table_privilege('authenticated', c.oid, 'INSERT')
                      else has_any_column_privilege('authenticated', c.oid, 'UPDATE') end as granted
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
cross join lateral (values ('insert', 'a'::"char"), ('update', 'w'::"char")) as w (command, polcmd)
where p.polcmd in (w.polcmd, '*')
  and ('authenticated'::regrole = any(p.polroles) or 0::oid = any(p.polroles))
  -- Supabase's own table, written by the Storage API: test_storage.sql uploads (insert … returning)
  -- and moves objects as an editor
  and n.nspname <> 'storage'
order by 1, 2
"""

REQUIRED_COLUMNS = """
select a.attname as name, t.typtype as kind, format_type(a.atttypid, a.atttypmod) as type,
       case when pc.oid is not null then format('%%I.%%I', pn.nspname, pc.relname) end as parent,
       pa.attname as parent_column
from pg_attribute a
join pg_type t on t.oid = a.atttypid
left join pg_constraint f on f.conrelid = a.attrelid and f.contype = 'f' and f.conkey = array[a.attnum]
left join pg_class pc on pc.oid = f.confrelid
left join pg_namespace pn on pn.oid = pc.relnamespace
left join pg_attribute pa on pa.attrelid = f.confrelid and pa.attnum = f.confkey[1]
where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped
  and a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = ''
order by a.attnum
"""

GENERIC = {
    "text": "'insert returning'",
    "character varying": "'insert returning'",
    "citext": "'insert-returning'",
    "integer": "1",
    "bigint": "1",
    "smallint": "1",
    "numeric": "1",
    "real": "1",
    "double precision": "1",
    "boolean": "false",
    "jsonb": "'{}'",
    "json": "'{}'",
    "uuid": "gen_random_uuid()",
    "timestamp with time zone": "now()",
    "date": "current_date",
}


class World:
    """One organization `acme` owned by `owner`, and a row of each table as it is first needed."""

    def __init__(self, conn: psycopg.Connection, auth):
        self.conn, self.auth = conn, auth
        auth.create_user("owner")
        auth.create_user("fan")
        conn.execute("select tests.create_organization('owner', 'acme')")
        self.rows: dict[str, dict[str, Any]] = {}
        self.client_inserts = set(client_writes(conn, "insert"))

    @contextmanager
    def attempt(self):
        """A savepoint; rows made inside it are forgotten when it rolls back."""
        made = set(self.rows)
        try:
            with self.conn.transaction():
                yield
        except BaseException:
            for table in set(self.rows) - made:
                del self.rows[table]
            raise

    def fetch(self, query: sql.Composable, params=()) -> dict[str, Any] | None:
        with self.conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(query, params).fetchone()

    def as_owner_of_acme(self, statement: sql.Composable) -> dict[str, Any] | None:
        """Run `statement` as the signed-in owner, as PostgREST would (role and JWT claims)."""
        self.auth.as_user("owner")
        try:
            with self.conn.transaction():
                return self.fetch(statement)
        finally:
            self.auth.as_owner()

    def row(self, table: str) -> dict[str, Any]:
        """The world's row of `table`: existing, inserted by the owner as a client would, or by
        the database owner for parents that clients do not write."""
        if table not in self.rows:
            if table in EXISTING:
                query = re.sub(r"@([\w.]+)\.(\w+)", lambda m: self.literal(m[1], m[2]), EXISTING[table])
                self.rows[table] = self.fetch(sql.SQL(query))
            else:
                self.rows[table] = self.insert(table, as_client=table in self.client_inserts)
        return self.rows[table]

    def literal(self, table: str, column: str) -> str:
        """A column of the world's row of `table`, as an SQL literal."""
        return sql.Literal(self.row(table)[column]).as_string(self.conn)

    def row_values(self, table: str) -> dict[str, sql.Composable]:
        values: dict[str, sql.Composable] = {}
        given = ROWS.get(table, {})
        for column in self.conn.execute(REQUIRED_COLUMNS, (table,)).fetchall():
            name, kind, type_, parent, parent_column = column
            if name in given:
                continue
            if parent_column:
                values[name] = sql.Literal(self.row(parent)[parent_column])
            elif kind == "e":
                values[name] = sql.SQL("(enum_range(null::{}))[1]").format(sql.SQL(type_))
            elif type_.endswith("[]"):
                values[name] = sql.SQL("'{}'")
            elif type_.split("(")[0] in GENERIC:
                values[name] = sql.SQL(GENERIC[type_.split("(")[0]])
            else:
                raise LookupError(f"{table}.{name}: no generic value for type {type_}; give one in ROWS")
        for name, expression in given.items():
            if expression.startswith("@"):
                values[name] = sql.SQL(self.literal(*expression[1:].rsplit(".", 1)))
            else:
                values[name] = sql.SQL(expression)
        return values

    def insert(self, table: str, as_client: bool) -> dict[str, Any]:
        values = self.row_values(table)
        statement = (
            sql.SQL("insert into {} ({}) values ({}) returning *").format(
                sql.SQL(table),
                sql.SQL(", ").join(map(sql.Identifier, values)),
                sql.SQL(", ").join(values.values()),
            )
            if values
            else sql.SQL("insert into {} default values returning *").format(sql.SQL(table))
        )
        if not as_client:
            return self.fetch(statement)
        row = self.as_owner_of_acme(statement)
        assert row is not None, f"{table}: insert … returning * gave no row"
        return row

    def update(self, table: str) -> dict[str, Any] | None:
        """`update … set c = c … returning *` on the world's row, as the owner."""
        row = self.row(table)
        key = [
            name
            for (name,) in self.conn.execute(
                "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                " and a.attnum = any(i.indkey) where i.indrelid = %s::regclass and i.indisprimary",
                (table,),
            ).fetchall()
        ]
        column = self.conn.execute(
            "select a.attname from pg_attribute a where a.attrelid = %s::regclass and a.attnum > 0"
            " and not a.attisdropped and a.attgenerated = '' and not (a.attname = any(%s))"
            " and has_column_privilege('authenticated', a.attrelid, a.attnum, 'UPDATE') order by a.attnum limit 1",
            (table, key),
        ).fetchone()
        statement = sql.SQL("update {} set {} = {} where ({}) = ({}) returning *").format(
            sql.SQL(table),
            sql.Identifier(column[0]),
            sql.Identifier(column[0]),
            sql.SQL(", ").join(map(sql.Identifier, key)),
            sql.SQL(", ").join(sql.Literal(row[k]) for k in key),
        )
        return self.as_owner_of_acme(statement)


def client_writes(conn: psycopg.Connection, command: str) -> list[str]:
    """Tables whose `command` ('insert' or 'update') clients are allowed and granted."""
    return [table for table, cmd, granted in conn.execute(CLIENT_WRITES).fetchall() if cmd == command and granted]


def test_ungranted_writes_are_explained(conn) -> None:
    ungranted = {(table, cmd) for table, cmd, granted in conn.execute(CLIENT_WRITES).fetchall() if not granted}
    assert sorted(ungranted) == sorted(UNGRANTED), "explain a write policy the role is not granted in UNGRANTED"


def test_every_client_inserted_table_has_a_row_fixture(conn) -> None:
    missing = [table for table in client_writes(conn, "insert") if table not in ROWS]
    assert missing == [], "add a minimal valid row of these tables to ROWS"


def _failures(world: World, tables: list[str], write) -> str:
    """One line per table whose write failed."""
    failures = []
    for table in tables:
        try:
            with world.attempt():
                write(table)
        except (psycopg.Error, AssertionError, LookupError) as error:
            failures.append(f"{table}: {type(error).__name__}: {str(error).splitlines()[0]}")
    return "\n".join(failures)


def test_insert_returning_gives_the_row_back(conn, auth) -> None:
    world = World(conn, auth)

    def insert(table: str) -> None:
        # a table already made as another's parent was inserted by the owner the same way
        world.row(table)

    failures = _failures(world, client_writes(conn, "insert"), insert)
    assert not failures, "insert … returning * failed for the owner:\n" + failures


def test_update_returning_gives_the_row_back(conn, auth) -> None:
    world = World(conn, auth)

    def update(table: str) -> None:
        assert world.update(table) is not None, "update … returning * gave no row"

    failures = _failures(world, client_writes(conn, "update"), update)
    assert not failures, "update … returning * failed for the owner:\n" + failures


CREATOR_CHECK = re.compile(r"\b(\w+) = \( SELECT auth\.uid\(\) AS uid\)")


def test_creator_columns_default_to_the_caller(conn) -> None:
    """A column an INSERT policy requires to equal auth.uid() defaults to auth.uid(), so a
    client need not send it (Supabase's convention)."""
    rows = conn.execute(
        "select p.polrelid::regclass::text, pg_get_expr(p.polwithcheck, p.polrelid) from pg_policy p"
        " where p.polcmd in ('a', '*') and p.polwithcheck is not null"
        " and ('authenticated'::regrole = any(p.polroles) or 0::oid = any(p.polroles))"
    ).fetchall()
    without_default = []
    for table, check in rows:
        for column in sorted(set(CREATOR_CHECK.findall(check))):
            default = conn.execute(
                "select pg_get_expr(d.adbin, d.adrelid) from pg_attribute a left join pg_attrdef d"
                " on d.adrelid = a.attrelid and d.adnum = a.attnum where a.attrelid = %s::regclass and a.attname = %s",
                (table, column),
            ).fetchone()
            if default is None or default[0] != "auth.uid()":
                without_default.append(f"{table}.{column}")
    assert not without_default, "give these columns `default auth.uid()`: " + ", ".join(without_default)


def test_the_catalog_finds_the_client_writes(conn) -> None:
    """The suites above pass vacuously if the catalog query finds nothing."""
    assert {"public.projects", "public.prompts", "public.communities"} <= set(client_writes(conn, "insert"))
    assert {"public.organizations", "public.profiles"} <= set(client_writes(conn, "update"))
