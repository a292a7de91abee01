"""Catalog guards of the one membership primitive (docs/tenancy.md, "The membership trio"):
nothing outside supabase/functions/access.sql reads public.organization_members, and no
function but the acting-user primitive reads auth.uid(). The catalog knows no file, so the
allowed functions and views are those access.sql defines (parsed from the declarative file);
functions, policies and views added later by any migration are held to the same rule."""

import re
from pathlib import Path

import psycopg

ACCESS_SQL = Path(__file__).resolve().parents[2] / "supabase" / "functions" / "access.sql"

OUR_SCHEMAS = "n.nspname not in ('pg_catalog', 'information_schema', 'extensions', 'tests', 'auth', 'storage')"

# A read: `from` or `join` the table (a `delete from` is a write, and so are insert and update;
# RPCs write memberships after require_org_role has decided).
READS_MEMBERS = re.compile(r"(?<!delete )\b(from|join)\s+(public\.)?\"?organization_members\b", re.IGNORECASE)


def defined_in_access_sql(kind: str) -> set[str]:
    """`schema.name` of every function or view access.sql creates."""
    text = ACCESS_SQL.read_text()
    return {m.lower() for m in re.findall(rf"create or replace {kind}\s+([a-z_]+\.[a-z_]+)", text, re.IGNORECASE)}


def membership_readers(conn: psycopg.Connection) -> list[str]:
    """Functions, views and policies outside access.sql that read organization_members. The
    membership table's own triggers (a trigger function attached to it, e.g. the one keeping an
    owner) read their table's rows by nature and are not asked about a caller: allowed by that
    catalog fact, not by name."""
    functions = defined_in_access_sql("function")
    views = defined_in_access_sql("view")
    offenders = []
    for name, source, own_trigger in conn.execute(
        f"""
        select n.nspname || '.' || p.proname, p.prosrc,
               exists (select from pg_trigger t
                       where t.tgfoid = p.oid and t.tgrelid = 'public.organization_members'::regclass)
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where {OUR_SCHEMAS} and n.nspname !~ '^pg_(toast|temp)'
          and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and p.prosrc ~* 'organization_members'"""
    ).fetchall():
        if READS_MEMBERS.search(source) and name not in functions and not own_trigger:
            offenders.append(f"function {name}")
    for name, definition in conn.execute(
        """
        select schemaname || '.' || viewname, definition from pg_views
        where schemaname not in ('pg_catalog', 'information_schema')
        union all
        select schemaname || '.' || matviewname, definition from pg_matviews"""
    ).fetchall():
        if "organization_members" in definition and name not in views:
            offenders.append(f"view {name}")
    offenders += [
        f"policy {name}"
        for (name,) in conn.execute(
            """
            select schemaname || '.' || tablename || '.' || policyname from pg_policies
            where coalesce(qual, '') ~ 'organization_members' or coalesce(with_check, '') ~ 'organization_members'"""
        ).fetchall()
    ]
    return sorted(offenders)


def test_only_access_sql_reads_organization_members(db_url):
    with psycopg.connect(db_url) as conn:
        offenders = membership_readers(conn)
    assert offenders == [], (
        "these read public.organization_members directly; ask the membership trio of "
        f"supabase/functions/access.sql (my_org_ids, has_org_role, require_org_role) instead: {offenders}"
    )


def test_the_membership_guard_catches_a_new_reader(db_url):
    with psycopg.connect(db_url) as conn:
        assert "private.my_org_ids" in defined_in_access_sql("function")
        assert "private.my_memberships" in defined_in_access_sql("view")
        conn.execute(
            """
            create function private.sneaky_is_admin(org uuid) returns boolean language sql stable
            set search_path = '' as $$
                select exists (select from public.organization_members m
                               where m.organization_id = org and m.user_id = auth.uid() and m.role >= 'admin')
            $$"""
        )
        conn.execute("create view private.sneaky_members as select m.user_id from public.organization_members m")
        conn.execute(
            """create policy sneaky on public.projects for select to authenticated
               using (exists (select from public.organization_members m
                              where m.organization_id = projects.organization_id))"""
        )
        # writes are not reads: an RPC may delete a membership require_org_role found
        conn.execute(
            """
            create function private.harmless_removal(member uuid) returns void language sql
            set search_path = '' as $$ delete from public.organization_members m where m.id = member $$"""
        )
        offenders = membership_readers(conn)
        conn.rollback()
    assert offenders == [
        "function private.sneaky_is_admin",
        "policy public.projects.sneaky",
        "view private.sneaky_members",
    ]


# The acting-user primitive: private.caller_id() for functions (42501 for a suspended account),
# the private.acting_user view for policies and their helpers. Nothing else reads the token.
READS_THE_TOKEN = re.compile(r"\bauth\s*\.\s*uid\s*\(", re.IGNORECASE)
ACTING_USER_PRIMITIVE = {"private.caller_id"}


def token_readers(conn: psycopg.Connection) -> list[str]:
    """Functions of ours, other than the primitive, that read auth.uid() themselves and so would
    serve a suspended account."""
    rows = conn.execute(
        f"""
        select n.nspname || '.' || p.proname, p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where {OUR_SCHEMAS} and n.nspname !~ '^pg_(toast|temp)'
          and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')"""
    ).fetchall()
    return sorted(name for name, source in rows if READS_THE_TOKEN.search(source) and name not in ACTING_USER_PRIMITIVE)


def test_only_the_acting_user_primitive_reads_auth_uid(db_url):
    with psycopg.connect(db_url) as conn:
        offenders = token_readers(conn)
    assert offenders == [], (
        "these functions read auth.uid() directly, so a suspended account passes them; ask "
        f"private.caller_id() or private.require_user() (docs/tenancy.md): {offenders}"
    )


def test_the_token_guard_catches_a_new_reader(db_url):
    with psycopg.connect(db_url) as conn:
        conn.execute(
            """
            create function public.sneaky_stamp() returns uuid language sql stable
            set search_path = '' as $$ select auth.uid() $$"""
        )
        offenders = token_readers(conn)
        conn.rollback()
    assert offenders == ["public.sneaky_stamp"]
