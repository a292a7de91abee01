-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_daily()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    case new.subject || ':' || new.counter
        when 'discussion:view' then
            update public.discussions d set view_count = d.view_count + 1 where d.id = new.subject_id;
        when 'fan_content:view' then
            update public.fan_contents f set view_count = f.view_count + 1 where f.id = new.subject_id;
        when 'fan_content:share' then
            update public.fan_contents f set share_count = f.share_count + 1 where f.id = new.subject_id;
        when 'product:view' then
            update public.products p set view_count = p.view_count + 1 where p.id = new.subject_id;
    end case;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION public.record_view(subject text, subject_id uuid, counter text DEFAULT 'view'::text)
 RETURNS boolean
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    counted integer;
begin
    if subject is null or subject not in ('discussion', 'fan_content', 'product')
       or counter is null or counter not in ('view', 'share') or (counter = 'share' and subject <> 'fan_content') then
        raise exception 'views are counted for a discussion, fan_content or product; shares for fan_content'
            using errcode = '22023';
    end if;
    begin
        insert into private.daily_counts (subject, subject_id, counter, user_id, counted_on)
        values (record_view.subject, record_view.subject_id, record_view.counter, uid, (now() at time zone 'UTC')::date)
        on conflict do nothing;
    exception when insufficient_privilege then
        raise exception '% not found', replace(subject, '_', ' ') using errcode = 'P0002';
    end;
    get diagnostics counted = row_count;
    return counted = 1;
end
$function$
;

CREATE TRIGGER count_daily AFTER INSERT ON private.daily_counts FOR EACH ROW EXECUTE FUNCTION private.count_daily();

drop policy if exists "daily_counts_insert" on "private"."daily_counts";

create policy "daily_counts_insert"
on "private"."daily_counts"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (counted_on = ((now() AT TIME ZONE 'UTC'::text))::date) AND
CASE subject
    WHEN 'discussion'::text THEN (EXISTS ( SELECT
       FROM public.discussions d
      WHERE (d.id = daily_counts.subject_id)))
    WHEN 'fan_content'::text THEN (EXISTS ( SELECT
       FROM public.fan_contents f
      WHERE (f.id = daily_counts.subject_id)))
    WHEN 'product'::text THEN (EXISTS ( SELECT
       FROM public.products p
      WHERE (p.id = daily_counts.subject_id)))
    ELSE false
END));

grant execute on function public.record_view(text,uuid,text) to authenticated;
