"""Every table a client may write is audited (issue 25, item 6), read from the catalog: a new
client-writable table fails here until it has the `record_audit` trigger or a reasoned entry in
private.unaudited_tables() (supabase/functions/audit.sql, docs/studio.md "Audit")."""

import psycopg

# what `authenticated` may INSERT, UPDATE or DELETE (a column grant counts), tables only
CLIENT_WRITABLE = """
    select c.oid::regclass::text
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema', 'tests') and n.nspname !~ '^pg_'
      and (has_table_privilege('authenticated', c.oid, 'INSERT')
           or has_table_privilege('authenticated', c.oid, 'DELETE')
           or has_any_column_privilege('authenticated', c.oid, 'INSERT')
           or has_any_column_privilege('authenticated', c.oid, 'UPDATE'))
"""


def _rows(db_url: str, query: str) -> list[str]:
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        return [r[0] for r in conn.execute(query).fetchall()]


def test_the_catalog_and_the_platform_agree_on_client_writable_tables(db_url):
    """private.client_writable_tables(), which attaches the triggers, reads the same catalog facts."""
    ours = set(_rows(db_url, "select relation::text from private.client_writable_tables()"))
    assert ours == set(_rows(db_url, CLIENT_WRITABLE))
    assert len(ours) > 50


def test_every_client_writable_table_is_audited(db_url):
    unaudited = _rows(
        db_url,
        f"""
        select w.t from ({CLIENT_WRITABLE}) w (t)
        where not exists (select 1 from pg_trigger g where g.tgrelid = w.t::regclass and not g.tgisinternal
                          and g.tgfoid = 'private.record_audit()'::regprocedure)
          and w.t::regclass not in (select u.relation from private.unaudited_tables() u)
        order by 1""",
    )
    assert unaudited == [], f"client-writable tables without the record_audit trigger nor a reason: {unaudited}"


def test_the_unaudited_are_few_reasoned_and_really_client_writable(db_url):
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        entries = conn.execute("select relation::text, reason from private.unaudited_tables()").fetchall()
    writable = set(_rows(db_url, CLIENT_WRITABLE))
    assert [t for t, _ in entries if t not in writable] == [], "stale entries: no longer client-writable"
    assert all(len(reason) > 40 for _, reason in entries)
    assert len(entries) <= 16


def test_domain_audit_skips_workers_and_cascades(db_url):
    """Domain triggers fire for a person's own statements only (WHEN: a user's request, not a
    statement issued by another trigger, a cascade included), so worker progress and counters add
    no rows; the tenancy and billing tables audit every change, whoever makes it."""
    whens = _rows(
        db_url,
        """
        select distinct coalesce(substring(pg_get_triggerdef(g.oid) from 'WHEN (.*) EXECUTE'), 'always')
        from pg_trigger g
        where g.tgfoid = 'private.record_audit()'::regprocedure and not g.tgisinternal""",
    )
    assert sorted(whens) == ["(((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL)))", "always"]
