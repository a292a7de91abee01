-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "write_rules" on "public"."campaigns";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.start_in_project()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    new.project_deleted_at := null;
    if not new.status::text = any(tg_argv[1:]) then
        raise exception '%, not %', tg_argv[0], new.status using errcode = '55000';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaigns_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = '55000';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.contents_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        -- who may create it, and how it starts: start_in_project (fired before)
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = '55000';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = '55000';
            end if;
            new.published_at := coalesce(old.published_at, now());
        end if;
    end if;
    if (new.title, new.genre, new.synopsis, new.description)
        is distinct from (old.title, old.genre, old.synopsis, old.description) then
        new.embedding := null;
        new.embedding_model := null;
    end if;
    return new;
end
$function$
;

CREATE TRIGGER start_in_project BEFORE INSERT ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.start_in_project('a campaign starts as a draft', 'draft');

CREATE TRIGGER start_in_project BEFORE INSERT ON public.contents FOR EACH ROW EXECUTE FUNCTION private.start_in_project('content starts as a draft (or processing)', 'draft', 'processing');

CREATE TRIGGER write_rules BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.campaigns_before_write();
