-- Hardening found by attacking the API with an ordinary account: what the API roles may
-- execute and touch, their resource limits, prompt-use deduplication, and storage paths
-- scoped by organization. Functions re-grant what the API needs in supabase/functions.

-- Functions run only where granted. PostgreSQL lets PUBLIC execute every new function, and
-- Supabase's defaults let anon and authenticated execute every new function in public (a
-- per-schema `revoke ... from public` does not undo the global grant): both defaults are
-- revoked for the role that runs migrations, and every existing grant is reset.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
revoke execute on all functions in schema public, private, analytics from public, anon, authenticated;

-- Sequences: the API roles need none (identity columns and uuid defaults do not check them);
-- `setval` by anon survived rollbacks and broke the ledger's next grant.
alter default privileges in schema public revoke all on sequences from anon, authenticated;
revoke all on all sequences in schema public, private from anon, authenticated;

-- Supabase's statement timeouts for the API roles (PostgREST applies role settings per
-- request), set only where none is: on Supabase they exist already.
do $$
declare
    limit_for text[];
begin
    foreach limit_for slice 1 in array array[['anon', '3s'], ['authenticated', '8s']] loop
        continue when exists (
            select 1 from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) c
            where s.setrole = limit_for[1]::regrole and s.setdatabase = 0 and c like 'statement_timeout=%'
        );
        execute format('alter role %I set statement_timeout = %L', limit_for[1], limit_for[2]);
    end loop;
end
$$;

-- A prompt's use counts once per user and UTC day, recorded only by public.use_prompt:
-- clients inserted thousands of uses into another organization's public prompt.
alter table public.prompt_uses
add column used_on date generated always as ((used_at at time zone 'UTC')::date) stored;
create unique index prompt_uses_once_a_day_idx on public.prompt_uses (prompt_id, user_id, used_on);
revoke insert on public.prompt_uses from authenticated;

-- Storage objects live under <organization_id>/<storage_path>: paths are unique within an
-- organization, so another organization's path is neither a collision nor an oracle.
alter table public.assets drop constraint assets_storage_provider_storage_bucket_storage_path_key;
alter table public.assets add constraint assets_storage_path_key
unique nulls not distinct (organization_id, storage_provider, storage_bucket, storage_path);
