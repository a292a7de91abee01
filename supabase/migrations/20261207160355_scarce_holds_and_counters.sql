-- Issue 23, items 7-14: scarce things are held with an expiry, counters and rewards count
-- real things once per actor, notifications are deduplicated per actor and object.

-- 7. An unpaid order holds its stock and discount-code use until hold_expires_at; payment
-- clears it (taken for good); private.expire_unpaid_orders cancels what is past it.
alter table public.orders
    add column hold_expires_at timestamptz,
    add column cancellation_reason text check (cancellation_reason in ('requested', 'hold_expired'));
comment on column public.orders.hold_expires_at is
'An unpaid pending order holds its stock and discount-code use until then (system_settings store.order_hold_minutes, default 30); null once paid or closed.';
update public.orders set hold_expires_at = created_at + interval '30 minutes'
where status = 'pending' and payment_status = 'pending';
create index orders_hold_expiry_idx on public.orders (hold_expires_at)
where status = 'pending' and payment_status = 'pending';

-- 9. One pledge is at most 10 billion currency units (10^12 cents): fees and totals stay
-- far from bigint's range.
alter table public.investments add constraint investments_amount_cents_max check (amount_cents <= 1000000000000);
alter table public.investment_tiers
    add constraint investment_tiers_amounts_max check (min_amount_cents <= 1000000000000
                                                       and max_amount_cents <= 1000000000000);
create index investments_tier_user_idx on public.investments (tier_id, user_id) where tier_id is not null;

-- 11. One completion per viewer, content (and episode) and UTC day: the source of
-- contents.completion_count, like content_views is of view_count.
create table public.content_completions (
    user_id uuid not null references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    episode_id uuid references public.content_episodes (id) on delete cascade,
    completed_on date not null,
    created_at timestamptz not null default now(),
    unique nulls not distinct (user_id, content_id, episode_id, completed_on)
);
create index content_completions_content_idx on public.content_completions (content_id, completed_on);
alter table public.content_completions enable row level security;
revoke all on public.content_completions from anon, authenticated;
grant all on public.content_completions to service_role;
-- what history already shows (completion_count already counted it)
insert into public.content_completions (user_id, content_id, episode_id, completed_on)
select h.user_id, h.content_id, h.episode_id, (h.completed_at at time zone 'UTC')::date
from public.watch_history h where h.completed and h.completed_at is not null
on conflict do nothing;

-- 12. Badge XP is bounded: a community badge gives at most 100 XP, a platform badge 10,000.
update public.badges set xp_reward = case when community_id is null then 10000 else 100 end
where xp_reward > case when community_id is null then 10000 else 100 end;
alter table public.badges add constraint badges_xp_reward_max check (
    xp_reward <= case when community_id is null then 10000 else 100 end
);

-- 14. Deduplicated notifications look up the recipient's recent ones from this actor.
create index notifications_actor_idx on public.notifications (user_id, actor_id, created_at desc)
where actor_id is not null;

-- 13. Studio progress counts each user's live, real objects (supabase/functions/gamification.sql):
-- the counters start from what exists now, not from every row ever inserted.
update public.user_progress p
set videos_created = (select count(*) from public.assets a
                      where a.uploaded_by = p.user_id and a.type = 'video' and a.status = 'ready' and a.size_bytes > 0
                        and a.metadata ? 'checksum_sha256' and a.deleted_at is null),
    books_uploaded = (select count(*) from public.books b
                      where b.created_by = p.user_id and b.total_chapters > 0 and b.deleted_at is null);

-- 14. private.notify gains `once_per` (supabase/functions/notifications.sql): the old signature
-- goes, so that one notify exists and named calls stay unambiguous.
drop function private.notify(uuid, text, jsonb, uuid, text, uuid, text, text);
