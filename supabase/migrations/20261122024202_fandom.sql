-- Fandom: communities (optionally around an IP project) with members, roles and moderation;
-- discussions with nested comments, votes and polls; fan content with comments and likes;
-- events with RSVPs. Counters are kept by triggers; functions: supabase/functions/fandom.sql;
-- policies: supabase/policies/fandom.sql.
--
-- Visibility: public communities show their content to everybody; private ones are listed
-- but show content to members only (joining needs a moderator's approval); invite-only ones
-- are invisible to non-members (moderators add members).

create table public.communities (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    name text not null check (length(name) between 1 and 255),
    slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    description text check (length(description) <= 5000),
    avatar_url text,
    banner_url text,
    settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
    rules jsonb not null default '[]' check (jsonb_typeof(rules) = 'array'),
    member_count integer not null default 0 check (member_count >= 0),
    post_count integer not null default 0 check (post_count >= 0),
    status text not null default 'active' check (status in ('active', 'archived', 'banned')),
    visibility text not null default 'public' check (visibility in ('public', 'private', 'invite_only')),
    auto_mod_settings jsonb not null default '{}' check (jsonb_typeof(auto_mod_settings) = 'object'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index communities_organization_idx on public.communities (organization_id);
create index communities_project_idx on public.communities (project_id);
create index communities_public_idx on public.communities (id) where visibility = 'public' and status <> 'banned';

create table public.community_members (
    id uuid primary key default gen_random_uuid(),
    community_id uuid not null references public.communities (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    role text not null default 'member' check (role in ('member', 'moderator', 'admin', 'owner')),
    reputation integer not null default 0,
    post_count integer not null default 0 check (post_count >= 0),
    comment_count integer not null default 0 check (comment_count >= 0),
    status text not null default 'active' check (status in ('pending', 'active', 'muted', 'banned')),
    muted_until timestamptz,
    banned_at timestamptz,
    ban_reason text check (length(ban_reason) <= 1000),
    notification_settings jsonb not null default '{}' check (jsonb_typeof(notification_settings) = 'object'),
    joined_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (community_id, user_id)
);
create index community_members_user_idx on public.community_members (user_id, community_id);

create table public.discussions (
    id uuid primary key default gen_random_uuid(),
    community_id uuid not null references public.communities (id) on delete cascade,
    author_id uuid default auth.uid() references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 255),
    content text not null check (length(content) between 1 and 40000),
    content_html text,
    type text not null default 'discussion' check (type in ('discussion', 'question', 'announcement', 'poll')),
    attachments jsonb not null default '[]' check (jsonb_typeof(attachments) = 'array'),
    -- [{"id": "a", "text": "Yes"}, ...]; votes are rows of discussion_poll_votes
    poll_options jsonb check (jsonb_typeof(poll_options) = 'array'),
    poll_ends_at timestamptz,
    upvotes integer not null default 0 check (upvotes >= 0),
    downvotes integer not null default 0 check (downvotes >= 0),
    score integer not null default 0,
    comment_count integer not null default 0 check (comment_count >= 0),
    view_count bigint not null default 0 check (view_count >= 0),
    pinned boolean not null default false,
    locked boolean not null default false,
    status text not null default 'published' check (status in ('draft', 'published', 'hidden', 'removed')),
    removed_reason text check (length(removed_reason) <= 1000),
    tags jsonb not null default '[]' check (jsonb_typeof(tags) = 'array'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (score = upvotes - downvotes),
    check ((type = 'poll') = (poll_options is not null))
);
create index discussions_community_idx on public.discussions (community_id, created_at desc);
create index discussions_author_idx on public.discussions (author_id);

create table public.discussion_poll_votes (
    discussion_id uuid not null references public.discussions (id) on delete cascade,
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    option_id text not null check (length(option_id) <= 100),
    created_at timestamptz not null default now(),
    primary key (discussion_id, user_id)
);
create index discussion_poll_votes_community_idx on public.discussion_poll_votes (community_id);
create index discussion_poll_votes_user_idx on public.discussion_poll_votes (user_id);

create table public.discussion_comments (
    id uuid primary key default gen_random_uuid(),
    discussion_id uuid not null references public.discussions (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    author_id uuid default auth.uid() references auth.users (id) on delete set null,
    parent_id uuid references public.discussion_comments (id) on delete cascade,
    depth integer not null default 0 check (depth between 0 and 20),
    content text not null check (length(content) between 1 and 20000),
    content_html text,
    upvotes integer not null default 0 check (upvotes >= 0),
    downvotes integer not null default 0 check (downvotes >= 0),
    score integer not null default 0,
    status text not null default 'published' check (status in ('published', 'hidden', 'removed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (score = upvotes - downvotes)
);
create index discussion_comments_discussion_idx on public.discussion_comments (discussion_id, created_at);
create index discussion_comments_parent_idx on public.discussion_comments (parent_id);
create index discussion_comments_community_idx on public.discussion_comments (community_id);
create index discussion_comments_author_idx on public.discussion_comments (author_id);

create table public.discussion_votes (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    discussion_id uuid references public.discussions (id) on delete cascade,
    comment_id uuid references public.discussion_comments (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    vote_type text not null check (vote_type in ('up', 'down')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (num_nonnulls(discussion_id, comment_id) = 1),
    unique (user_id, discussion_id),
    unique (user_id, comment_id)
);
create index discussion_votes_discussion_idx on public.discussion_votes (discussion_id);
create index discussion_votes_comment_idx on public.discussion_votes (comment_id);
create index discussion_votes_community_idx on public.discussion_votes (community_id);

create table public.fan_contents (
    id uuid primary key default gen_random_uuid(),
    community_id uuid not null references public.communities (id) on delete cascade,
    author_id uuid default auth.uid() references auth.users (id) on delete set null,
    type text not null check (type in ('fanart', 'video', 'cosplay', 'fanfic', 'theory', 'review', 'meme')),
    title text not null check (length(title) between 1 and 255),
    description text check (length(description) <= 20000),
    media_url text not null check (length(media_url) <= 2000),
    thumbnail_url text,
    media_type text check (media_type in ('image', 'video', 'audio', 'text')),
    video_platform text check (video_platform in ('youtube', 'tiktok', 'native', 'other')),
    video_embed_url text,
    duration_seconds integer check (duration_seconds >= 0),
    view_count bigint not null default 0 check (view_count >= 0),
    like_count integer not null default 0 check (like_count >= 0),
    comment_count integer not null default 0 check (comment_count >= 0),
    share_count integer not null default 0 check (share_count >= 0),
    status text not null default 'published' check (status in ('draft', 'processing', 'published', 'hidden')),
    featured boolean not null default false,
    tags jsonb not null default '[]' check (jsonb_typeof(tags) = 'array'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index fan_contents_community_idx on public.fan_contents (community_id, created_at desc);
create index fan_contents_author_idx on public.fan_contents (author_id);

create table public.fan_content_comments (
    id uuid primary key default gen_random_uuid(),
    content_id uuid not null references public.fan_contents (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    author_id uuid default auth.uid() references auth.users (id) on delete set null,
    parent_id uuid references public.fan_content_comments (id) on delete cascade,
    content text not null check (length(content) between 1 and 20000),
    status text not null default 'published' check (status in ('published', 'hidden', 'removed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index fan_content_comments_content_idx on public.fan_content_comments (content_id, created_at);
create index fan_content_comments_parent_idx on public.fan_content_comments (parent_id);
create index fan_content_comments_community_idx on public.fan_content_comments (community_id);
create index fan_content_comments_author_idx on public.fan_content_comments (author_id);

create table public.fan_content_likes (
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    content_id uuid not null references public.fan_contents (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, content_id)
);
create index fan_content_likes_content_idx on public.fan_content_likes (content_id);
create index fan_content_likes_community_idx on public.fan_content_likes (community_id);

create table public.events (
    id uuid primary key default gen_random_uuid(),
    community_id uuid not null references public.communities (id) on delete cascade,
    created_by uuid default auth.uid() references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 255),
    description text check (length(description) <= 20000),
    event_type text not null check (event_type in ('watch_party', 'qa_session', 'premiere', 'meetup', 'contest')),
    platform text check (platform in ('discord', 'zoom', 'youtube', 'in_person', 'custom')),
    event_url text,
    location text check (length(location) <= 1000),
    cover_image_url text,
    event_date timestamptz not null,
    end_date timestamptz,
    timezone text not null default 'UTC',
    max_attendees integer check (max_attendees > 0),
    current_attendees integer not null default 0 check (current_attendees >= 0),
    rsvp_required boolean not null default true,
    rsvp_deadline timestamptz,
    status text not null default 'scheduled' check (status in ('draft', 'scheduled', 'live', 'completed', 'cancelled')),
    interested_count integer not null default 0 check (interested_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (end_date is null or end_date >= event_date),
    check (rsvp_deadline is null or rsvp_deadline <= event_date),
    check (max_attendees is null or current_attendees <= max_attendees)
);
create index events_community_idx on public.events (community_id, event_date);
create index events_upcoming_idx on public.events (event_date) where status = 'scheduled';

create table public.event_rsvps (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references public.events (id) on delete cascade,
    community_id uuid not null references public.communities (id) on delete cascade,
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    status text not null check (status in ('going', 'interested', 'not_going')),
    reminder_sent boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (event_id, user_id)
);
create index event_rsvps_user_idx on public.event_rsvps (user_id);
create index event_rsvps_community_idx on public.event_rsvps (community_id);
create index event_rsvps_reminder_idx on public.event_rsvps (event_id) where not reminder_sent;

alter table public.communities enable row level security;
alter table public.community_members enable row level security;
alter table public.discussions enable row level security;
alter table public.discussion_poll_votes enable row level security;
alter table public.discussion_comments enable row level security;
alter table public.discussion_votes enable row level security;
alter table public.fan_contents enable row level security;
alter table public.fan_content_comments enable row level security;
alter table public.fan_content_likes enable row level security;
alter table public.events enable row level security;
alter table public.event_rsvps enable row level security;

revoke all on public.communities, public.community_members, public.discussions, public.discussion_poll_votes,
public.discussion_comments, public.discussion_votes, public.fan_contents, public.fan_content_comments,
public.fan_content_likes, public.events, public.event_rsvps from anon, authenticated;
grant select on public.communities, public.community_members, public.discussions, public.discussion_comments,
public.discussion_votes, public.discussion_poll_votes, public.fan_contents, public.fan_content_comments,
public.fan_content_likes, public.events to anon, authenticated;
grant insert, update, delete on public.communities, public.discussions, public.discussion_comments,
public.discussion_votes, public.fan_contents, public.fan_content_comments, public.events to authenticated;
grant insert, delete on public.discussion_poll_votes, public.fan_content_likes to authenticated;
-- membership changes through join/leave/moderation RPCs; members may edit their own settings
grant delete on public.community_members to authenticated;
grant update (notification_settings) on public.community_members to authenticated;
grant select, insert, update, delete on public.event_rsvps to authenticated;
grant all on public.communities, public.community_members, public.discussions, public.discussion_poll_votes,
public.discussion_comments, public.discussion_votes, public.fan_contents, public.fan_content_comments,
public.fan_content_likes, public.events, public.event_rsvps to service_role;
