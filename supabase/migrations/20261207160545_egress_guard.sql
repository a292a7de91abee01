-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.address_refusal(address inet)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE STRICT
 SET search_path TO ''
AS $function$
    select b.label
    from (values
        ('0.0.0.0/8'::inet, 'a ''this network'' address'),
        ('10.0.0.0/8', 'a private address'),
        ('100.64.0.0/10', 'a carrier-grade NAT address'),
        ('127.0.0.0/8', 'a loopback address'),
        ('169.254.0.0/16', 'a link-local address (cloud metadata lives here)'),
        ('172.16.0.0/12', 'a private address'),
        ('192.0.0.0/24', 'an IETF protocol address'),
        ('192.0.2.0/24', 'a documentation address'),
        ('192.168.0.0/16', 'a private address'),
        ('198.18.0.0/15', 'a benchmarking address'),
        ('198.51.100.0/24', 'a documentation address'),
        ('203.0.113.0/24', 'a documentation address'),
        ('224.0.0.0/4', 'a multicast address'),
        ('240.0.0.0/4', 'a reserved address'),
        ('::/128', 'the unspecified address'),
        ('::1/128', 'a loopback address'),
        ('::ffff:0:0/96', 'an IPv4-mapped address'),
        ('64:ff9b::/96', 'a NAT64 address'),
        ('64:ff9b:1::/48', 'a NAT64 address'),
        ('100::/64', 'a discard address'),
        ('2001::/32', 'a Teredo address'),
        ('2001:db8::/32', 'a documentation address'),
        ('2002::/16', 'a 6to4 address'),
        ('fc00::/7', 'a unique-local address'),
        ('fe80::/10', 'a link-local address'),
        ('fec0::/10', 'a site-local address'),
        ('ff00::/8', 'a multicast address')
    ) as b (block, label)
    where family(b.block) = family(address) and address <<= b.block
    limit 1
$function$
;

CREATE OR REPLACE FUNCTION private.assert_outbound_url(url text, what text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    refusal text := private.outbound_url_refusal(url);
begin
    if refusal is not null then
        raise exception 'invalid % "%": %', what, left(url, 200), refusal
            using errcode = '22023', hint = 'webhook and provider URLs must be public https endpoints';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.egress_allows_local()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select coalesce((select (s.value #>> '{}')::boolean from public.system_settings s
                     where s.key = 'egress.allow_local'), false)
$function$
;

CREATE OR REPLACE FUNCTION private.outbound_url_refusal(url text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    allow_local boolean := private.egress_allows_local();
    parts text [];
    authority text;
    host text;
    literal inet;
    refusal text;
begin
    if url is null or url = '' then
        return 'a URL is required';
    elsif length(url) > 2000 then
        return 'a URL is at most 2000 characters';
    elsif url ~ '[\s\x00-\x1f\x7f]' then
        return 'a URL has no spaces or control characters';
    end if;
    parts := regexp_match(url, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)');
    if parts is null then
        return 'not an absolute URL';
    elsif lower(parts[1]) <> 'https' and not (allow_local and lower(parts[1]) = 'http') then
        return 'only https URLs are accepted';
    end if;
    authority := parts[2];
    if position('@' in authority) > 0 then
        return 'credentials do not belong in a URL';
    end if;
    if authority ~ '^\[' then
        parts := regexp_match(authority, '^\[([0-9A-Fa-f:.]+)\](:[0-9]{1,5})?$');
        if parts is null then
            return 'malformed IPv6 host';
        end if;
        literal := parts[1]::inet;
    else
        parts := regexp_match(lower(authority), '^([^:]*)(:[0-9]{1,5})?$');
        host := rtrim(parts[1], '.');
        if host is null or host = '' then
            return 'the URL has no host';
        elsif host !~ '^[a-z0-9.-]+$' then
            return 'the host must be an ASCII (punycode) name or an IP address';
        elsif host ~ '(^|\.)([0-9]+|0x[0-9a-f]*)$' then
            -- a numeric last label is an address (no top-level domain is numeric): only the
            -- plain dotted quad is accepted, not 2130706433, 0x7f.1 or 0177.0.0.1
            if host !~ '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$'
                then
                return 'an IP address is written as a plain dotted quad';
            end if;
            literal := host::inet;
        elsif not allow_local
              and (host = 'localhost' or host ~ '\.(localhost|local|internal|localdomain|home\.arpa)$'
                   or position('.' in host) = 0) then
            return format('%s is a local name', host);
        end if;
    end if;
    if literal is not null and not allow_local then
        refusal := private.address_refusal(literal);
        if refusal is not null then
            return format('%s is %s', host(literal), refusal);
        end if;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.provider_credentials_check_base_url()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.config ? 'base_url' then
        if jsonb_typeof(new.config -> 'base_url') <> 'string' then
            raise exception 'invalid base_url in provider credential config: it must be a string'
                using errcode = '22023';
        end if;
        perform private.assert_outbound_url(new.config ->> 'base_url', 'base_url');
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.webhooks_check_url()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.assert_outbound_url(new.url, 'webhook URL');
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION public.webhook_record(outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    item private.webhook_outbox;
    hook public.webhooks;
    max_attempts integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                      where s.key = 'webhooks.max_attempts'), 8);
    disable_after integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                       where s.key = 'webhooks.disable_after_failures'), 15);
    outcome text;
    retry_at timestamptz;
begin
    select o.* into item from private.webhook_outbox o
    where o.id = webhook_record.outbox_id and o.attempts = webhook_record.attempt
    for update;
    if item.id is null then
        return 'lost';
    end if;
    if http_status between 200 and 299 then
        outcome := 'delivered';
        delete from private.webhook_outbox o where o.id = item.id;
        update public.webhooks w set failure_count = 0, last_triggered_at = now() where w.id = item.webhook_id
        returning * into hook;
    else
        update public.webhooks w set failure_count = w.failure_count + 1, last_triggered_at = now()
        where w.id = item.webhook_id
        returning * into hook;
        if hook.failure_count >= disable_after then
            outcome := 'gave_up';
            update public.webhooks w set is_active = false where w.id = hook.id;
            -- this and every other pending event of the endpoint is given up, each logged
            with dropped as (
                delete from private.webhook_outbox o where o.webhook_id = hook.id and o.id <> item.id returning o.*
            )
            insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt,
                                                   status, error)
            select d.event_id, d.webhook_id, d.organization_id, d.event, d.payload, greatest(d.attempts, 1), 'gave_up',
                   'endpoint disabled after repeated failures'
            from dropped d;
            delete from private.webhook_outbox o where o.id = item.id;
        elsif item.attempts >= max_attempts then
            outcome := 'gave_up';
            delete from private.webhook_outbox o where o.id = item.id;
        else
            outcome := 'failed';
            retry_at := now() + private.backoff(item.attempts, 10, 3600);
            update private.webhook_outbox o set next_attempt_at = retry_at, locked_until = null where o.id = item.id;
        end if;
    end if;
    insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt, status,
                                           http_status, error, duration_ms, next_retry_at)
    values (item.event_id, item.webhook_id, item.organization_id, item.event, item.payload, item.attempts, outcome,
            http_status, left(error, 300), duration_ms, retry_at);
    return outcome;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[] DEFAULT '{}'::text[], webhook_description text DEFAULT NULL::text)
 RETURNS TABLE(webhook_id uuid, signing_secret text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage webhooks')).user_id;
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$function$
;

drop function if exists "public"."webhook_record"(outbox_id bigint, attempt integer, http_status integer, response_body text, error text, duration_ms integer);

CREATE TRIGGER check_base_url BEFORE INSERT OR UPDATE OF config ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.provider_credentials_check_base_url();

CREATE TRIGGER check_url BEFORE INSERT OR UPDATE OF url ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.webhooks_check_url();
