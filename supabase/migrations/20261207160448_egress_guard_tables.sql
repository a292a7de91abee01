-- The egress guard (issue 23, items 5 and 6): a webhook delivery keeps its status code,
-- time and a short summary written by the worker, never the receiver's body.

-- Bodies already stored may hold an internal service's reply: gone with the column.
alter table public.webhook_deliveries drop column response_body;

update public.webhook_deliveries set error = left(error, 300) where length(error) > 300;
alter table public.webhook_deliveries
add constraint webhook_deliveries_error_length check (length(error) <= 300);
comment on column public.webhook_deliveries.error is
'Why the attempt failed, in the worker''s words (e.g. "could not connect", "refused by the egress guard: …"); '
'never text the receiver sent.';

-- Development and tests only: stored URLs may use http:// and name local or private hosts.
insert into public.system_settings (key, value, description, is_public) values
('egress.allow_local', 'false',
 'Development only: webhook and provider URLs may be http:// and point at localhost or private addresses.',
 false);

-- The URL rule is private.outbound_url_refusal, run by the webhooks trigger on insert and
-- update (supabase/functions/egress.sql); this older, weaker pattern would be a second copy.
alter table public.webhooks drop constraint webhooks_url_check;
