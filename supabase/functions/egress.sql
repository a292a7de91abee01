-- The egress guard's first line: every URL the platform will call on a client's behalf
-- (webhooks.url, provider_credentials.config ->> 'base_url') is checked when it is written,
-- by insert or update alike. The real guard runs at connect time in the worker
-- (creatorverse.egress: every resolved address checked, no redirects); this one refuses what
-- the text alone shows. Errors: 22023, docs/errors.md.

-- Why no request may go to this address, or null when it is public (IANA special-purpose
-- blocks; the same list as creatorverse.egress.REFUSED_NETWORKS).
create or replace function private.address_refusal(address inet)
returns text
language sql
immutable
strict
set search_path = ''
as $$
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
$$;

-- The operator's development switch (system_settings egress.allow_local, service role only).
create or replace function private.egress_allows_local()
returns boolean
language sql
stable
set search_path = ''
as $$
    select coalesce((select (s.value #>> '{}')::boolean from public.system_settings s
                     where s.key = 'egress.allow_local'), false)
$$;

-- Why the platform will not call this URL, or null when it may: https (http only with the
-- development switch), no credentials, at most 2,000 characters, a host that is a public
-- dotted-quad or bracketed IPv6 address or an ASCII (punycode) name with a dot that is not
-- a local one (localhost, *.local, *.internal …); loopback, private and metadata addresses
-- and local names pass only with the development switch.
create or replace function private.outbound_url_refusal(url text)
returns text
language plpgsql
stable
set search_path = ''
as $$
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
$$;

-- The one check every stored outbound URL passes: 22023 naming the field, or nothing.
create or replace function private.assert_outbound_url(url text, what text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    refusal text := private.outbound_url_refusal(url);
begin
    if refusal is not null then
        raise exception 'invalid % "%": %', what, left(url, 200), refusal
            using errcode = '22023', hint = 'webhook and provider URLs must be public https endpoints';
    end if;
end
$$;

create or replace function private.webhooks_check_url()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.assert_outbound_url(new.url, 'webhook URL');
    return new;
end
$$;

create or replace function private.provider_credentials_check_base_url()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
$$;

-- Definer triggers: a client's direct insert or update is judged by the same functions and
-- the operator's switch (a row clients cannot read), without granting them either.
create or replace trigger check_url before insert or update of url on public.webhooks
for each row execute function private.webhooks_check_url();
create or replace trigger check_base_url before insert or update of config on public.provider_credentials
for each row execute function private.provider_credentials_check_base_url();

revoke execute on function private.address_refusal(inet), private.egress_allows_local(),
private.outbound_url_refusal(text), private.assert_outbound_url(text, text), private.webhooks_check_url(),
private.provider_credentials_check_base_url() from public;
