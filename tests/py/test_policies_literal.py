"""Policies are written literally (issue 22): one `drop policy if exists` + `create policy` per
policy in supabase/policies, so grepping a table or policy name finds it. Nothing generates
policies at migrate time."""

import re
from pathlib import Path

import psycopg

POLICIES = Path(__file__).resolve().parents[2] / "supabase" / "policies"


def test_no_policy_file_generates_sql():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(POLICIES.glob("*.sql"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bformat\s*\(|\bexecute\b|\bdo\s+\$", line, re.IGNORECASE)
    ]
    assert offenders == [], f"policies must be literal, not generated: {offenders}"


def test_every_policy_is_created_literally_where_its_name_is_written(db_url):
    text = "\n".join(path.read_text() for path in sorted(POLICIES.glob("*.sql")))
    with psycopg.connect(db_url) as conn:
        policies = conn.execute(
            "select schemaname, tablename, policyname from pg_policies"
            " where schemaname not in ('auth', 'extensions', 'supabase_migrations', 'tests') order by 1, 2, 3"
        ).fetchall()
    assert len(policies) > 200
    missing = [
        f"{schema}.{table}: {name}"
        for schema, table, name in policies
        if f"drop policy if exists {name} on {schema}.{table};\ncreate policy {name} on {schema}.{table} " not in text
    ]
    assert missing == [], f"policies not written literally in supabase/policies: {missing}"
