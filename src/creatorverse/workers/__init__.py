"""The generation engine's Python side: workers that run queued jobs, deliver webhooks and
keep the schedules. The rules (leases, fencing, money, backoff) live in SQL
(supabase/functions/queue.sql, webhooks.sql, schedules.sql); this package only calls it."""
