-- auth.role(), auth.email() and auth.jwt() as Supabase defines them, like auth.uid() before
-- (20261122024609_auth_uid_inlinable.sql): no SET clause, so the planner inlines them into the
-- policies and functions that call them (the invitations policy reads auth.email() on every
-- statement). Their bodies read request settings with pg_catalog functions only. Only our own
-- stand-ins change: on Supabase these functions have no settings and are not ours.
do $$
declare
    helper regprocedure;
begin
    foreach helper in array array['auth.role()', 'auth.email()', 'auth.jwt()']::regprocedure [] loop
        if exists (
            select 1 from pg_catalog.pg_proc p
            where p.oid = helper
              and p.proconfig is not null
              and pg_catalog.pg_get_userbyid(p.proowner) = current_user
        ) then
            execute format('alter function %s reset search_path', helper);
            execute format('comment on function %s is %L', helper,
                           'search_path inherited: Supabase''s body, inlined into its callers; '
                           'reads request settings with pg_catalog functions only');
        end if;
    end loop;
end
$$;
