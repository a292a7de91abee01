"""Guards every client-reachable table is held to, whatever later migrations add."""

import re
from pathlib import Path

import psycopg

# a trigger `t`'s arguments, as text []
_TRIGGER_ARGS = "string_to_array(rtrim(encode(t.tgargs, 'escape'), '\\000'), '\\000')"


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


CLIENT_FUNCTIONS = Path(__file__).resolve().parents[2] / "supabase" / "client_functions.txt"


def test_client_roles_execute_exactly_the_allowlisted_functions(db_url):
    """PostgreSQL lets PUBLIC execute every new function; only the committed allowlist may stand."""
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        granted = {
            f"{role} {signature}"
            for role, signature in conn.execute(
                """
                select r.rolname, p.oid::regprocedure::text
                from pg_proc p
                join pg_namespace n on n.oid = p.pronamespace
                cross join (values ('anon'), ('authenticated')) r (rolname)
                where n.nspname not in ('pg_catalog', 'information_schema', 'tests') and n.nspname !~ '^pg_(toast|temp)'
                  and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
                  and has_function_privilege(r.rolname, p.oid, 'execute')"""
            )
        }
    allowed = {line for line in CLIENT_FUNCTIONS.read_text().splitlines() if line and not line.startswith("#")}
    assert sorted(granted - allowed) == [], f"executable by an API role but not in {CLIENT_FUNCTIONS.name}"
    assert sorted(allowed - granted) == [], f"in {CLIENT_FUNCTIONS.name} but not executable (stale line)"


def test_client_roles_hold_no_sequence_privileges(db_url):
    offenders = _offenders(
        db_url,
        """
        select c.oid::regclass::text, r.rolname from pg_class c
        cross join (values ('anon'), ('authenticated')) r (rolname)
        where c.relkind = 'S' and c.relnamespace::regnamespace::text not in ('pg_catalog', 'information_schema')
          and (has_sequence_privilege(r.rolname, c.oid, 'usage') or has_sequence_privilege(r.rolname, c.oid, 'select')
               or has_sequence_privilege(r.rolname, c.oid, 'update'))
        order by 1, 2""",
    )
    assert offenders == [], f"API roles hold sequence privileges: {offenders}"


def test_scope_columns_are_frozen_wherever_clients_update(db_url):
    """organization_id and project_id of a row a client may UPDATE are derived and immutable: a
    BEFORE UPDATE trigger of private.inherit_scope (all columns) or private.protect_columns
    naming the column guards each one."""
    offenders = _offenders(
        db_url,
        f"""
        select c.oid::regclass::text, a.attname
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attname in ('organization_id', 'project_id')
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and (has_column_privilege('authenticated', c.oid, a.attname, 'update')
               or has_column_privilege('anon', c.oid, a.attname, 'update'))
          and not exists (
              select 1 from pg_trigger t
              where t.tgrelid = c.oid and not t.tgisinternal and (t.tgtype & 16) <> 0 and (t.tgtype & 2) <> 0
                and (
                    (t.tgfoid = 'private.inherit_scope'::regproc and t.tgattr::text = '')
                    -- 'column' (frozen for clients) or '!column' (for every writer)
                    or (t.tgfoid = 'private.protect_columns'::regproc
                        and a.attname = any(array(select ltrim(arg, '!') from unnest({_TRIGGER_ARGS}) arg)))
                ))
        order by 1, 2""",
    )
    assert offenders == [], f"scope columns a client may change: {offenders}"


def test_a_client_cannot_choose_when_its_row_was_made(db_url):
    """Every table with created_at that a client may insert into or whose created_at it may
    update stamps it (and updated_at, where the table has one) with the database's clock and
    keeps it on update: a BEFORE INSERT OR UPDATE trigger of private.stamp_when_made naming
    created_at, then updated_at where that column exists. One rule: no protect_columns trigger
    names created_at (a frozen created_at would refuse supabase-js's upsert of a row it read)."""
    offenders = _offenders(
        db_url,
        f"""
        select c.oid::regclass::text
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'created_at' and not a.attisdropped
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
          and exists (select from unnest(array['authenticated', 'anon']) r
                      where has_table_privilege(r, c.oid, 'insert')
                         or has_column_privilege(r, c.oid, a.attname, 'update'))
          and not exists (
              select 1 from pg_trigger t
              where t.tgrelid = c.oid and not t.tgisinternal and (t.tgtype & 2) <> 0 and (t.tgtype & 4) <> 0
                and (t.tgtype & 16) <> 0 and t.tgfoid = 'private.stamp_when_made'::regproc
                and {_TRIGGER_ARGS}
                    = case when exists (select from pg_attribute u
                                        where u.attrelid = c.oid and u.attname = 'updated_at' and not u.attisdropped)
                           then array['created_at', 'updated_at'] else array['created_at'] end)
        order by 1""",
    )
    assert offenders == [], f"tables whose rows a client may date: {offenders}"
    frozen = _offenders(
        db_url,
        f"""
        select t.tgrelid::regclass::text
        from pg_trigger t
        where t.tgfoid = 'private.protect_columns'::regproc
          and 'created_at' = any(array(select ltrim(arg, '!') from unnest({_TRIGGER_ARGS}) arg))
        order by 1""",
    )
    assert frozen == [], f"created_at frozen instead of kept: {frozen}"


def test_api_roles_have_statement_timeouts(db_url):
    settings = dict(
        _offenders(
            db_url,
            """
            select r.rolname, c from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) c
            where r.rolname in ('anon', 'authenticated') and s.setdatabase = 0 and c like 'statement_timeout=%'""",
        )
    )
    assert set(settings) == {"anon", "authenticated"}, settings


def test_no_policy_rests_on_a_creator_column_alone(db_url):
    """Creator-based rights need current membership: a policy expression that reads created_by
    (or user_id of an author) also calls a membership helper. A textual check of each expression:
    coarse, but it catches `using (created_by = (select auth.uid()))` on its own."""
    offenders = _offenders(
        db_url,
        """
        select p.tablename, p.policyname from pg_policies p, unnest(array[p.qual, p.with_check]) e
        where p.schemaname = 'public' and e ~ 'created_by' and e !~ 'private\\.(my_org_ids|[a-z]+_project_ids)\\('
        order by 1, 2""",
    )
    assert offenders == [], f"policies granting rights on created_by without a membership check: {offenders}"


# Security-definer functions outside `public` (the helpers policies and invoker triggers call)
# that anon or authenticated may execute. PostgREST exposes only `public`, but a helper is still
# a function the API roles can run, bypassing RLS: each one here says why it returns only what
# the caller may see anyway. Security-invoker helpers need no entry (they run with the caller's
# rights, so RLS bounds them); a new definer helper fails the guard until it is reviewed here.
CALLER_SCOPED_DEFINER_HELPERS = {
    "private.acting_user_id()": "the caller's own id while their account is active",
    "private.my_org_ids(public.member_role)": "the caller's own live memberships",
    "private.has_org_role(uuid,public.member_role,text)": "whether the caller holds a role: about the caller only",
    "private.has_platform_role(text)": "whether the caller holds a staff role: about the caller only",
    "private.my_teammate_ids()": "users sharing an organization with the caller, whose profiles the caller reads",
    "private.my_watch_rank()": "the caller's own plan tier",
    "private.my_backed_campaign_ids()": "campaigns of the caller's own confirmed investments",
    "private.my_invested_campaign_ids()": "campaigns of the caller's own investments",
    "private.readable_project_ids()": "projects the caller reads as a member or collaborator",
    "private.unreadable_project_ids()": "projects of the caller's own organizations the caller may not read",
    "private.editable_project_ids()": "a subset of readable_project_ids",
    "private.commentable_project_ids()": "a subset of readable_project_ids",
    "private.project_ids_allowing(text)": "the caller's projects holding one right, readable ones at most",
    "private.manageable_project_ids()": "a subset of readable_project_ids",
    "private.set_deleted(regclass,uuid,boolean)": "changes only rows the table's DELETE policies give the caller",
    "private.public_project_ids()": "public projects of live organizations: projects_select shows them to everyone",
    "private.visible_project_ids(uuid)": "readable_project_ids and public projects, in one organization: what"
    " projects_select shows the caller",
    "private.can_watch(uuid)": "true only for content contents_select shows the caller (hidden and unknown: false)",
    "private.recent_content_stats(date)": (
        "activity of contents the caller may read only, by contents_select's terms (test_exposure.sql)"
    ),
    "private.visible_campaign(uuid)": "the campaign only when the caller may see it, else null like a missing one",
    "private.deleted_org_ids()": (
        "ids of deleted organizations, no live tenant's data: policies use them to hide such rows from everyone"
    ),
    "private.my_community_ids()": "communities of the caller's own memberships (any status) and organizations",
    "private.joined_community_ids()": "active or muted memberships of the caller, and their organizations' communities",
    "private.public_community_ids()": "public, unbanned communities of live organizations: listed to everyone",
    "private.readable_community_ids()": "public communities and the caller's own",
    "private.moderated_community_ids(text)": "communities the caller moderates",
    "private.postable_community_ids()": "communities the caller is an active member of",
    "private.readable_template_ids()": "templates of the caller's organizations and readable projects, and public ones",
    "private.readable_workflow_ids()": "workflows of projects the caller reads",
    "private.template_spec_problem(jsonb,text,text)": (
        "reads no table: a function of its arguments (definer only to call private.json_integer_between)"
    ),
    "private.workflow_graph_problem(jsonb,jsonb,uuid)": (
        "refuses (PT404) an organization the caller is not a member of; reads templates there and public ones"
    ),
    "private.readable_chapters_matching(tsquery,tsquery,text,uuid,uuid,integer)": (
        "chapters_select's own terms (supabase/tests/database/test_search.sql checks they agree)"
    ),
    "private.chapter_candidates(uuid,uuid,uuid,integer)": "a count of chapter embeddings the caller may read",
    "private.nearest_organization_passages(uuid,extensions.halfvec,integer,uuid)": (
        "nothing unless the organization is one of the caller's"
    ),
    "private.studio_rows_matching(text,text[],integer)": (
        "each kind's select policy terms (supabase/tests/database/test_search_studio.sql checks they agree with RLS)"
    ),
    "private.common_lexemes(text[])": (
        "which words the caller typed are in >= 2% of all chapters: organization-free vocabulary statistics that "
        "keyword search needs for anon too (docs/studio.md); never which organization or chapter holds a word"
    ),
}


def exposed_definer_helpers(conn: psycopg.Connection) -> set[str]:
    """Signatures of the security-definer functions outside `public` that anon or authenticated
    may execute (connect with an empty search_path, so that every name is qualified)."""
    return {
        signature
        for (signature,) in conn.execute(
            """
            select p.oid::regprocedure::text
            from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace
            where p.prosecdef and n.nspname not in ('public', 'pg_catalog', 'information_schema', 'tests')
              and n.nspname !~ '^pg_(toast|temp)'
              and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
              and (has_function_privilege('anon', p.oid, 'execute')
                   or has_function_privilege('authenticated', p.oid, 'execute'))"""
        )
    }


def test_exposed_definer_helpers_are_reviewed(db_url):
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        exposed = exposed_definer_helpers(conn)
    unreviewed = sorted(exposed - CALLER_SCOPED_DEFINER_HELPERS.keys())
    assert unreviewed == [], (
        "security-definer helpers the API roles may execute, not reviewed in CALLER_SCOPED_DEFINER_HELPERS "
        f"(make them security invoker, or scope them to what the caller may see and say why there): {unreviewed}"
    )
    stale = sorted(CALLER_SCOPED_DEFINER_HELPERS.keys() - exposed)
    assert stale == [], f"CALLER_SCOPED_DEFINER_HELPERS names functions the API roles no longer run as definer: {stale}"


# Every text, jsonb and array column a client may write has a size bound (docs/tenancy.md,
# "Bounds"). What counts as a bound, read from the catalog:
# - a CHECK on the table (or on the column's domain) that caps the column with one of these
#   functions: `char_length(title) <= 500`, `pg_column_size(metadata) <= 65536`, `cardinality(tags) <= 100`;
# - an enumeration, `status = ANY (ARRAY[...])`, or an anchored pattern without an unbounded
#   repetition, `slug ~ '^[a-z0-9]{1,100}$'`;
# - a length in the type itself, `varchar(n)`.
# Coarse, as text matching of the deparsed checks is: a cap inside an OR with another column
# would pass. It catches the common case, a column with no cap at all.
_LENGTH_FUNCTIONS = (
    "char_length|character_length|length|octet_length|pg_column_size|cardinality|array_length|jsonb_array_length"
)
_UNBOUNDED_REPETITION = re.compile(r"[*+]|\{\d*,\}")


def _is_bounded(column: str, checks: list[str]) -> bool:
    name = rf'"?{re.escape(column)}"?'
    capped = re.compile(rf"\b(?:{_LENGTH_FUNCTIONS})\(\(*{name}\)*(?:::[\w ]+)?(?:, *\d+)?\) *<=? *\(?\d")
    enumerated = re.compile(rf"\(*{name}\)*(?:::text)? = ANY \(ARRAY\[")
    matched = re.compile(rf"\(*{name}\)*(?:::text)? ~ '(\^(?:[^']|'')*\$)'")
    for check in checks:
        if capped.search(check) or enumerated.search(check):
            return True
        for pattern in matched.findall(check):
            if not _UNBOUNDED_REPETITION.search(re.sub(r"\\.", "", pattern)):
                return True
    return False


def unbounded_client_columns(conn: psycopg.Connection) -> list[str]:
    """`schema.table.column (type)` for every unbounded text, json, bytea or array column that
    anon or authenticated may INSERT or UPDATE (column or table grants), in any schema of ours
    (not Supabase's `auth` and `storage`)."""
    rows = conn.execute(
        """
        select format('%s.%s', c.oid::regclass, quote_ident(a.attname)), a.attname,
               format_type(a.atttypid, a.atttypmod),
               coalesce(bt.typname in ('varchar', 'bpchar')
                        and coalesce(nullif(a.atttypmod, -1), t.typtypmod) > 0, false),
               array(select pg_get_constraintdef(k.oid) from pg_constraint k
                     where k.conrelid = c.oid and k.contype = 'c' and a.attnum = any(k.conkey)
                     union all
                     select replace(pg_get_constraintdef(k.oid), 'VALUE', quote_ident(a.attname)) from pg_constraint k
                     where k.contypid = a.atttypid and k.contype = 'c')
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        join pg_type t on t.oid = a.atttypid
        join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
        where c.relkind in ('r', 'p') and not c.relispartition
          -- auth and storage are Supabase's: their tables are not ours to constrain (the Storage
          -- API bounds object names and metadata itself)
          and n.nspname not in ('pg_catalog', 'information_schema', 'tests', 'auth', 'storage')
          and n.nspname !~ '^pg_(toast|temp)'
          and (bt.typcategory in ('S', 'A') or bt.typname in ('json', 'jsonb', 'bytea', 'xml'))
          and bt.typname not in ('name', 'char')
          and exists (select from (values ('anon'), ('authenticated')) r (role),
                                  (values ('insert'), ('update')) p (privilege)
                      where has_column_privilege(r.role, c.oid, a.attnum, p.privilege))
        order by 1"""
    ).fetchall()
    return [
        f"{qualified} ({type_name})"
        for qualified, column, type_name, typed_length, checks in rows
        if not typed_length and not _is_bounded(column, checks)
    ]


def test_every_client_writable_text_jsonb_and_array_is_bounded(db_url):
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        offenders = unbounded_client_columns(conn)
    assert offenders == [], (
        "columns anon or authenticated may write with no size bound; add a CHECK in a migration with one of the "
        "named limits of docs/tenancy.md (Bounds), e.g. `check (char_length(title) <= 500)`, "
        "`check (pg_column_size(metadata) <= 65536)`, `check (cardinality(tags) <= 100)`:\n  " + "\n  ".join(offenders)
    )


def test_the_guards_catch_a_new_unbounded_column_and_an_unreviewed_helper(db_url):
    """The two guards above, on objects made for the purpose in a rolled-back transaction."""
    with psycopg.connect(db_url, options="-c search_path=") as conn:
        conn.execute(
            """
            create table public.guard_probe (
                id uuid primary key,
                note text,
                capped_note text check (char_length(capped_note) <= 500),
                status text check (status = any (array['a', 'b'])),
                slug text check (slug ~ '^[a-z]{1,40}$'),
                email text check (email ~ '^[^@]+@[^@]+$'),
                code varchar(10),
                tags text [] check (tags <@ array['x', 'y']),
                counted_tags text [] check (cardinality(counted_tags) <= 100),
                doc jsonb check (jsonb_typeof(doc) = 'object'),
                sized_doc jsonb check (pg_column_size(sized_doc) <= 65536),
                server_only text
            );
            -- Supabase's default privileges grant all on new public tables: state the grants
            revoke all on public.guard_probe from anon, authenticated;
            grant select, insert (id, note, capped_note, status, slug, email, code, tags, counted_tags, doc, sized_doc),
                  update (note) on public.guard_probe to authenticated;
            create function private.guard_probe_ids() returns setof uuid language sql stable security definer
                set search_path = '' as 'select id from public.guard_probe';
            grant execute on function private.guard_probe_ids() to anon"""
        )
        try:
            probes = [c for c in unbounded_client_columns(conn) if c.startswith("public.guard_probe.")]
            assert probes == [
                "public.guard_probe.doc (jsonb)",
                "public.guard_probe.email (text)",
                "public.guard_probe.note (text)",
                "public.guard_probe.tags (text[])",
            ]
            assert "private.guard_probe_ids()" in exposed_definer_helpers(conn) - CALLER_SCOPED_DEFINER_HELPERS.keys()
        finally:
            conn.rollback()
