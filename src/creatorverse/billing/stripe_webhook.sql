-- name: apply_event
select public.stripe_apply_event(%(payload)s::jsonb);
