-- name: claim
-- investments whose money is owed back (campaign failed or cancelled, late payment) and
-- whose refund has not been requested yet
select i.id, i.payment_reference, i.amount_cents
from public.investments i
where i.payment_status = 'refund_pending' and i.payment_reference is not null
  and not i.metadata ? 'stripe_refund_id'
order by i.refunded_at, i.id
limit %(batch_size)s
for update skip locked;

-- name: requested
update public.investments i
set metadata = i.metadata || jsonb_build_object('stripe_refund_id', %(refund_id)s::text, 'refund_requested_at', now())
where i.id = %(id)s;
