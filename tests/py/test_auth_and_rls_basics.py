"""auth.uid() and the API roles behave as on Supabase."""

import psycopg
import pytest


def test_auth_uid_is_the_authenticated_user(conn, auth):
    alice = auth.create_user("alice")
    auth.as_user("alice")
    assert conn.execute("select auth.uid(), auth.role(), current_user").fetchone() == (
        alice,
        "authenticated",
        "authenticated",
    )


@pytest.fixture
def notes(conn, auth):
    """A table with RLS on and one owner-only policy, as every client table is built."""
    conn.execute("""
        create table public.notes (id int primary key, owner_id uuid not null, body text);
        alter table public.notes enable row level security;
        grant select on public.notes to anon, authenticated;
        create policy notes_owner on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
    """)
    alice, bob = auth.create_user("alice"), auth.create_user("bob")
    conn.execute("insert into public.notes values (1, %s, 'a'), (2, %s, 'b')", (alice, bob))


def test_anon_sees_no_rows_of_an_rls_table(conn, auth, notes):
    auth.as_anon()
    assert conn.execute("select count(*) from public.notes").fetchone()[0] == 0


def test_a_user_sees_only_their_rows(conn, auth, notes):
    auth.as_user("alice")
    assert conn.execute("select id from public.notes").fetchall() == [(1,)]


def test_service_role_bypasses_rls(conn, auth, notes):
    auth.as_service_role()
    assert conn.execute("select count(*) from public.notes").fetchone()[0] == 2


def test_anon_cannot_write_without_a_grant(conn, auth, notes):
    auth.as_anon()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into public.notes values (3, gen_random_uuid(), 'x')")
