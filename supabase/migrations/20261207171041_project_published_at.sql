-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.stamp_project_published()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    new.published_at := case
        when tg_op = 'INSERT' then case when new.status = 'published' then now() end
        when new.status = 'published' and old.status <> 'published' then coalesce(old.published_at, now())
        else old.published_at end;
    return new;
end
$function$
;

CREATE TRIGGER stamp_project_published BEFORE INSERT OR UPDATE OF status, published_at ON public.projects FOR EACH ROW EXECUTE FUNCTION private.stamp_project_published();
