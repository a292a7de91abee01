-- Unpaid store orders give their held stock and discount-code uses back when their hold lapses
-- (private.expire_unpaid_orders, supabase/functions/store.sql): a timed duty like the others.
insert into private.duties (name, description, kind, function_name, every, cron, timezone, batch_size, drains,
                            may_run_concurrently) values
('expire_unpaid_orders', 'Unpaid orders past their hold are cancelled: their stock and discount-code uses come back.',
 'sql', 'private.expire_unpaid_orders', interval '1 minute', null, 'UTC', 500, true, false);
