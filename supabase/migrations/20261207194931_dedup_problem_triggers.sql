-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "template_rules" on "public"."templates";

drop trigger if exists "workflow_rules" on "public"."workflows";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.bump_template_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.version := 1;
    elsif (new.spec, new.aspect, new.resolution, new.name) is distinct from (old.spec, old.aspect, old.resolution, old.name)
    then
        new.version := old.version + 1;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.reject_problem()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    problem text;
begin
    execute format('select %s(%s)', tg_argv[1]::regproc,
                   (select string_agg(format('$1.%I', column_name), ', ' order by position)
                    from unnest(tg_argv[2:]) with ordinality as argument(column_name, position)))
    into problem using new;
    if problem is not null then
        raise exception '% "%": %', tg_argv[0], to_jsonb(new) ->> 'name', problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

drop function if exists "private"."template_rules"();

drop function if exists "private"."workflow_rules"();

CREATE TRIGGER template_version BEFORE INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.bump_template_version();

CREATE TRIGGER template_rules BEFORE INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.reject_problem('template', 'private.template_spec_problem', 'spec', 'aspect', 'resolution');

CREATE TRIGGER workflow_rules BEFORE INSERT OR UPDATE OF graph, variables ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.reject_problem('workflow', 'private.workflow_graph_problem', 'graph', 'variables', 'organization_id');
