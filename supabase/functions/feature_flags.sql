-- Feature flags. Percentage rollouts bucket a subject by a stable hash of flag key and
-- subject id, so a user stays in or out as long as the percentage does not shrink below
-- their bucket; raising the percentage only adds users.

create or replace function public.is_feature_enabled(
    flag_key text, subject_user_id uuid default null, subject_organization_id uuid default null
)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    flag public.feature_flags;
    subject_user uuid := coalesce(subject_user_id, private.caller_id());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if private.is_client_request(directly => false) then
        if subject_user_id is not null and subject_user_id is distinct from private.caller_id() then
            raise exception 'clients may only check flags for themselves' using errcode = '42501';
        end if;
        if subject_organization_id is not null and not private.has_org_role(subject_organization_id) then
            raise exception 'organization % not found', subject_organization_id using errcode = 'PT404';
        end if;
    end if;
    select f.* into flag from public.feature_flags f where f.key = flag_key;
    if flag.id is null or not flag.enabled then
        return false;
    end if;
    subject := coalesce(subject_user::text, subject_organization_id::text);
    return case flag.target_type
        when 'all' then true
        when 'users' then subject_user = any (flag.target_user_ids)
        when 'organizations' then subject_organization_id = any (flag.target_organization_ids)
        when 'percentage' then subject is not null
            and abs(hashtextextended(flag.key || ':' || subject, 0) % 100) < flag.rollout_percentage
        else false
    end;
end
$$;

grant execute on function public.is_feature_enabled(text, uuid, uuid) to anon, authenticated, service_role;
