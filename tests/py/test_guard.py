"""Guards every client-reachable table is held to, whatever later migrations add."""

import psycopg


def _offenders(db_url: str, query: str) -> list[tuple]:
    with psycopg.connect(db_url) as conn:
        return conn.execute(query).fetchall()


def test_every_public_table_has_rls(db_url):
    offenders = _offenders(
        db_url,
        """
        select c.relname from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
        order by 1""",
    )
    assert offenders == [], f"tables in public without row-level security: {offenders}"


def test_no_policy_lets_anon_write(db_url):
    offenders = _offenders(
        db_url,
        """
        select schemaname, tablename, policyname, cmd, roles from pg_policies
        where cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
          and (roles && array['anon', 'public']::name[])
        order by 1, 2, 3""",
    )
    assert offenders == [], f"policies that let anon write: {offenders}"


def test_anon_holds_no_write_privilege_in_public(db_url):
    offenders = _offenders(
        db_url,
        """
        select table_name, privilege_type from information_schema.role_table_grants
        where grantee = 'anon' and table_schema = 'public'
          and privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
        order by 1, 2""",
    )
    assert offenders == [], f"anon may write these public tables: {offenders}"


def test_every_function_of_ours_pins_its_search_path(db_url):
    """What Supabase's database linter flags as `function_search_path_mutable`. The one accepted
    exception says so in the catalog: a comment starting `search_path inherited:`."""
    offenders = _offenders(
        db_url,
        """
        select p.oid::regprocedure::text from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'extensions', 'tests')
          and n.nspname !~ '^pg_(toast|temp)'
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')
          and coalesce(obj_description(p.oid, 'pg_proc'), '') not like 'search_path inherited:%'
        order by 1""",
    )
    assert offenders == [], f"functions without `set search_path`: {offenders}"
