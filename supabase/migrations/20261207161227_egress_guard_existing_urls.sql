-- URLs stored before the egress guard are judged by it too. An endpoint the platform will no
-- longer call is disabled (no new events; pending ones are refused by the worker's guard and
-- given up like any failing delivery); a credential whose base_url it refuses is marked
-- invalid. Their owners learn why when they save them again (22023, docs/errors.md).
update public.webhooks set is_active = false
where is_active and private.outbound_url_refusal(url) is not null;

update public.provider_credentials set status = 'invalid'
where
    status = 'active' and config ? 'base_url'
    and (
        jsonb_typeof(config -> 'base_url') <> 'string'
        or private.outbound_url_refusal(config ->> 'base_url') is not null
    );
