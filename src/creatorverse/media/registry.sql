-- name: credentials
select c.id, c.provider, c.config
from public.provider_credentials c
where c.organization_id = %(org)s and c.status = 'active'
  and (c.expires_at is null or c.expires_at > now())
  and (%(requested)s::text is null or c.provider = %(requested)s)
  and (%(credential)s::uuid is null or c.id = %(credential)s)
order by (c.config -> 'kinds') ? %(kind)s desc, c.name, c.id;

-- name: reveal_credential
select public.reveal_provider_credential(%(credential)s);
