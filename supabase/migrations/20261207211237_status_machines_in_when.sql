-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "status_machine" on "public"."campaigns";

drop trigger if exists "status_machine" on "public"."contents";

drop trigger if exists "status_machine" on "public"."credit_holds";

drop trigger if exists "status_machine" on "public"."generations";

drop trigger if exists "status_machine" on "public"."investments";

drop trigger if exists "status_machine" on "public"."invitations";

drop trigger if exists "status_machine" on "public"."license_agreements";

drop trigger if exists "status_machine" on "public"."license_requests";

drop trigger if exists "status_machine" on "public"."orders";

drop trigger if exists "status_machine" on "public"."royalty_reports";

drop trigger if exists "status_machine" on "public"."workflow_runs";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.status_machine_trigger(machine text, on_table regclass DEFAULT NULL::regclass)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    moves text;
    target regclass;
begin
    select string_agg(format(E'\n    when %L then new.status not in (%s)', f.from_status, f.to_statuses), ''
                      order by f.from_status)
    into moves
    from (select t.from_status, string_agg(quote_literal(t.to_status), ', ' order by t.to_status) as to_statuses
          from private.transitions t
          where t.machine = status_machine_trigger.machine
          group by t.from_status) f;
    if moves is null then
        raise exception 'no status machine named %', machine
            using errcode = '22023', hint = 'a machine is its rows of private.transitions';
    end if;
    target := coalesce(on_table, to_regclass(format('public.%I', machine)));
    if target is null or not exists (select from pg_catalog.pg_attribute a
                                     where a.attrelid = target and a.attname = 'status' and a.attnotnull
                                       and not a.attisdropped) then
        raise exception 'status machine %: % has no NOT NULL status column', machine,
            coalesce(target::text, format('public.%I', machine))
            using errcode = '22023';
    end if;
    return concat_ws(E'\n',
        format('create or replace trigger status_machine before update on %s', target),
        format('for each row when (old.status is distinct from new.status and case old.status%s', moves),
        '    else true end)',
        format('execute function private.enforce_transition(%L);', machine));
end
$function$
;

CREATE OR REPLACE FUNCTION private.enforce_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.require_transition(tg_argv[0], old.status, new.status);
    return new;
end
$function$
;

CREATE TRIGGER status_machine BEFORE UPDATE ON public.campaigns FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'active'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'failed'::text, 'funded'::text]))
            WHEN 'draft'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'pending_review'::text]))
            WHEN 'failed'::text THEN (new.status <> 'completed'::text)
            WHEN 'funded'::text THEN (new.status <> 'completed'::text)
            WHEN 'pending_review'::text THEN (new.status <> ALL (ARRAY['active'::text, 'cancelled'::text, 'draft'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('campaigns');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.contents FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'archived'::text THEN (new.status <> 'published'::text)
            WHEN 'draft'::text THEN (new.status <> ALL (ARRAY['processing'::text, 'published'::text]))
            WHEN 'processing'::text THEN (new.status <> ALL (ARRAY['draft'::text, 'published'::text]))
            WHEN 'published'::text THEN (new.status <> 'archived'::text)
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('contents');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.credit_holds FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['captured'::text, 'expired'::text, 'released'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('credit_holds');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.generations FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'queued'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'failed'::text, 'running'::text]))
            WHEN 'retrying'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'failed'::text, 'running'::text]))
            WHEN 'running'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'failed'::text, 'queued'::text, 'retrying'::text, 'succeeded'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('generations');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.investments FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'cancelled'::text THEN (new.status <> ALL (ARRAY['confirmed'::text, 'refunded'::text]))
            WHEN 'confirmed'::text THEN (new.status <> 'refunded'::text)
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'confirmed'::text, 'refunded'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('investments');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.invitations FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['accepted'::text, 'declined'::text, 'expired'::text, 'revoked'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('invitations');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.license_agreements FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'active'::text THEN (new.status <> ALL (ARRAY['expired'::text, 'terminated'::text]))
            WHEN 'draft'::text THEN (new.status <> ALL (ARRAY['pending_signature'::text, 'terminated'::text]))
            WHEN 'pending_signature'::text THEN (new.status <> ALL (ARRAY['active'::text, 'terminated'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('license_agreements');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.license_requests FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'negotiating'::text THEN (new.status <> ALL (ARRAY['approved'::text, 'rejected'::text, 'withdrawn'::text]))
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['rejected'::text, 'reviewing'::text, 'withdrawn'::text]))
            WHEN 'reviewing'::text THEN (new.status <> ALL (ARRAY['approved'::text, 'negotiating'::text, 'rejected'::text, 'withdrawn'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('license_requests');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.orders FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'confirmed'::text THEN (new.status <> ALL (ARRAY['processing'::text, 'refunded'::text, 'shipped'::text]))
            WHEN 'delivered'::text THEN (new.status <> 'refunded'::text)
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'confirmed'::text]))
            WHEN 'processing'::text THEN (new.status <> ALL (ARRAY['refunded'::text, 'shipped'::text]))
            WHEN 'shipped'::text THEN (new.status <> ALL (ARRAY['delivered'::text, 'refunded'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('orders');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.royalty_reports FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'disputed'::text THEN (new.status <> ALL (ARRAY['pending'::text, 'verified'::text]))
            WHEN 'pending'::text THEN (new.status <> ALL (ARRAY['disputed'::text, 'verified'::text]))
            WHEN 'verified'::text THEN (new.status <> ALL (ARRAY['disputed'::text, 'paid'::text, 'pending'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('royalty_reports');

CREATE TRIGGER status_machine BEFORE UPDATE ON public.workflow_runs FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND
        CASE old.status
            WHEN 'running'::text THEN (new.status <> ALL (ARRAY['cancelled'::text, 'failed'::text, 'succeeded'::text]))
            ELSE true
        END)) EXECUTE FUNCTION private.enforce_transition('workflow_runs');
