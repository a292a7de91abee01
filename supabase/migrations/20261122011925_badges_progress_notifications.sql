-- Notifications (written by triggers and private.notify only), badges shared by communities
-- (MODO) and the platform (LitinkAI, with XP), earned badges, NFT mint records, quiz
-- completions and per-user progress. Functions: supabase/functions/gamification.sql and
-- supabase/functions/notifications.sql; policies: supabase/policies/gamification.sql.

create table public.notifications (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    type text not null check (type in (
        'comment_reply', 'mention', 'follow', 'like', 'badge', 'event_reminder', 'investment_update',
        'order_update', 'license_update', 'community_update'
    )),
    title text check (length(title) <= 255),
    message text check (length(message) <= 2000),
    reference_type text check (reference_type in (
        'discussion', 'comment', 'content', 'content_comment', 'event', 'order', 'investment', 'campaign',
        'badge', 'user', 'license_request', 'license_agreement', 'royalty_report', 'community'
    )),
    reference_id uuid,
    actor_id uuid references auth.users (id) on delete set null,
    payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
    read_at timestamptz,
    read boolean generated always as (read_at is not null) stored,
    created_at timestamptz not null default now(),
    check (actor_id is null or actor_id <> user_id)
);
create index notifications_user_idx on public.notifications (user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;

alter table public.notifications enable row level security;
revoke all on public.notifications from anon, authenticated;
-- read state changes through mark_notifications_read / mark_notification_unread
grant select, delete on public.notifications to authenticated;
grant all on public.notifications to service_role;
