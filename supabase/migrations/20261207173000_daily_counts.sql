-- One view (or share) per viewer and UTC day of a discussion, fan content or product, like
-- Watch's content_views: a row here is a counted event; the subject's counter is bumped by
-- trigger (supabase/functions/fandom.sql, private.count_daily). Written through
-- public.record_view, which inserts under the caller's rights: the insert policy
-- (supabase/policies/fandom.sql) admits only subjects the caller can read.
create table private.daily_counts (
    subject text not null check (subject in ('discussion', 'fan_content', 'product')),
    subject_id uuid not null,
    counter text not null check (counter in ('view', 'share')),
    user_id uuid not null references auth.users (id) on delete cascade,
    counted_on date not null,
    created_at timestamptz not null default now(),
    primary key (subject, subject_id, counter, user_id, counted_on),
    constraint daily_counts_share_only_fan_content check (counter = 'view' or subject = 'fan_content')
);
comment on table private.daily_counts is
    'Views and shares counted once per viewer and UTC day (discussions, fan content, products); bumps the subject''s counter.';
alter table private.daily_counts enable row level security;
grant insert on private.daily_counts to authenticated;
grant all on private.daily_counts to service_role;
