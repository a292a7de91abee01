-- auth.uid() as Supabase defines it: `language sql stable` with no SET clause, so the planner
-- inlines it into the policy or helper that calls it. The compatibility stand-in pinned
-- search_path, which turned every call into a separate function execution (a GUC switch and an
-- executor run, about 10 µs per statement in the audit_logs policy; bench/rls_bench.py). The
-- body reads two settings with pg_catalog functions only, so no search_path can redirect it.
-- Only our own stand-in changes: on Supabase the function has no settings and is not ours.
do $$
begin
    if exists (
        select 1 from pg_catalog.pg_proc p
        where p.oid = 'auth.uid()'::regprocedure
          and p.proconfig is not null
          and pg_catalog.pg_get_userbyid(p.proowner) = current_user
    ) then
        alter function auth.uid() reset search_path;
        comment on function auth.uid() is
        'search_path inherited: Supabase''s body, inlined into its callers; reads request settings with pg_catalog functions only';
    end if;
end
$$;
