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
