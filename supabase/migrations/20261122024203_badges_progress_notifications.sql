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

-- Badges: community badges (community_id set; MODO) and platform badges (community_id null;
-- LitinkAI, with XP). Criteria are counted by triggers and awarded once.
create table public.badges (
    id uuid primary key default gen_random_uuid(),
    community_id uuid references public.communities (id) on delete cascade,
    name text not null check (length(name) between 1 and 100),
    description text check (length(description) <= 2000),
    category text check (length(category) <= 50),
    icon_url text,
    criteria_type text not null default 'manual' check (criteria_type in (
        'manual', 'post_count', 'comment_count', 'tenure_days', 'videos_created', 'books_uploaded',
        'quizzes_completed'
    )),
    criteria_value integer check (criteria_value > 0),
    criteria jsonb not null default '{}' check (jsonb_typeof(criteria) = 'object'),
    xp_reward integer not null default 0 check (xp_reward >= 0),
    rarity text check (rarity in ('common', 'uncommon', 'rare', 'epic', 'legendary')),
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((criteria_type = 'manual') = (criteria_value is null)),
    -- community badges count community activity; platform badges count platform activity
    check (community_id is null or criteria_type in ('manual', 'post_count', 'comment_count', 'tenure_days')),
    check (community_id is not null or criteria_type <> 'tenure_days')
);
create unique index badges_name_key on public.badges (coalesce(community_id, '00000000-0000-0000-0000-000000000000'), lower(name));
create index badges_community_idx on public.badges (community_id) where is_active;
create index badges_platform_criteria_idx on public.badges (criteria_type) where community_id is null and is_active;

create table public.user_badges (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    badge_id uuid not null references public.badges (id) on delete cascade,
    community_id uuid references public.communities (id) on delete cascade,
    awarded_by uuid references auth.users (id) on delete set null,
    awarded_at timestamptz not null default now(),
    earning_context jsonb not null default '{}' check (jsonb_typeof(earning_context) = 'object'),
    displayed boolean not null default true,
    created_at timestamptz not null default now(),
    unique (user_id, badge_id)
);
create index user_badges_badge_idx on public.user_badges (badge_id);
create index user_badges_community_idx on public.user_badges (community_id);

-- NFT mint records: one per earned badge; the minting worker (service role) fills them in.
create table public.nfts (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    user_badge_id uuid not null unique references public.user_badges (id) on delete cascade,
    asset_id text unique check (length(asset_id) <= 200),
    blockchain text not null default 'polygon' check (blockchain in ('polygon', 'ethereum', 'solana', 'base')),
    transaction_id text check (length(transaction_id) <= 200),
    metadata_uri text,
    image_uri text,
    attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
    status text not null default 'pending' check (status in ('pending', 'minting', 'minted', 'failed')),
    error_message text,
    minted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((status = 'minted') = (minted_at is not null and asset_id is not null and transaction_id is not null))
);
create index nfts_user_idx on public.nfts (user_id);

-- Quizzes a user completed (learning mode), recorded by the grader (service role).
create table public.quiz_completions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    quiz_key text not null check (length(quiz_key) between 1 and 200),
    book_id uuid references public.books (id) on delete set null,
    score integer check (score between 0 and 100),
    completed_at timestamptz not null default now(),
    unique (user_id, quiz_key)
);

-- Progress per user, kept by triggers on the tables where things happen. Level curve:
-- level n needs 100 * (n - 1)^2 XP, i.e. level = floor(sqrt(total_xp / 100)) + 1
-- (0 XP: level 1, 100: 2, 400: 3, 900: 4, 1600: 5 ...).
create table public.user_progress (
    user_id uuid primary key references auth.users (id) on delete cascade,
    total_xp bigint not null default 0 check (total_xp >= 0),
    level integer generated always as (floor(sqrt(total_xp / 100.0))::integer + 1) stored,
    videos_created integer not null default 0 check (videos_created >= 0),
    books_uploaded integer not null default 0 check (books_uploaded >= 0),
    quizzes_completed integer not null default 0 check (quizzes_completed >= 0),
    posts_created integer not null default 0 check (posts_created >= 0),
    comments_created integer not null default 0 check (comments_created >= 0),
    total_spent_cents bigint not null default 0 check (total_spent_cents >= 0),
    achievements jsonb not null default '[]' check (jsonb_typeof(achievements) = 'array'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

alter table public.badges enable row level security;
alter table public.user_badges enable row level security;
alter table public.nfts enable row level security;
alter table public.quiz_completions enable row level security;
alter table public.user_progress enable row level security;

revoke all on public.badges, public.user_badges, public.nfts, public.quiz_completions, public.user_progress
from anon, authenticated;
grant select on public.badges, public.user_badges to anon, authenticated;
grant insert, update, delete on public.badges to authenticated;
grant update (displayed) on public.user_badges to authenticated;
grant select on public.nfts, public.quiz_completions, public.user_progress to authenticated;
grant all on public.badges, public.user_badges, public.nfts, public.quiz_completions, public.user_progress
to service_role;
