-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.store_seed_synonyms()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    synonyms constant jsonb := tg_argv[1]::jsonb;
    written constant text := to_jsonb(new) ->> tg_argv[0];
begin
    if synonyms ? written then
        new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], synonyms ->> written));
    end if;
    return new;
end
$function$
;

CREATE TRIGGER accept_seed_synonyms BEFORE INSERT OR UPDATE OF status ON public.animations FOR EACH ROW EXECUTE FUNCTION private.store_seed_synonyms('status', '{"processing": "generating", "completed": "ready"}');

CREATE TRIGGER accept_seed_synonyms BEFORE INSERT OR UPDATE OF type ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.store_seed_synonyms('type', '{"feature_request": "feature"}');

CREATE TRIGGER accept_seed_synonyms BEFORE INSERT OR UPDATE OF status ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.store_seed_synonyms('status', '{"pending": "draft", "processing": "generating", "completed": "ready"}');
