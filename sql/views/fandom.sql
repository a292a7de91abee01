-- App-facing fandom views (security_invoker: the caller's RLS applies).

-- Votes per poll option (options without votes show 0).
create or replace view public.discussion_poll_results with (security_invoker = true) as
select
    d.id as discussion_id,
    d.community_id,
    o ->> 'id' as option_id,
    o ->> 'text' as option_text,
    (select count(*) from public.discussion_poll_votes v where v.discussion_id = d.id and v.option_id = o ->> 'id')
        as votes
from public.discussions d
cross join lateral jsonb_array_elements(d.poll_options) as o
where d.type = 'poll';

-- read-only for clients (the public schema's default privileges grant everything)
revoke insert, update, delete, truncate, references, trigger on public.discussion_poll_results from anon, authenticated;
grant select on public.discussion_poll_results to anon, authenticated, service_role;

-- Analysts: engagement per community over the last 30 days, next to its totals.
create or replace view analytics.community_engagement as
select
    c.id as community_id,
    c.organization_id,
    c.project_id,
    c.name,
    c.visibility,
    c.status,
    c.member_count,
    c.post_count,
    (select count(*) from public.community_members m
     where m.community_id = c.id and m.joined_at >= now() - interval '30 days') as new_members_30d,
    (select count(*) from public.discussions d
     where d.community_id = c.id and d.created_at >= now() - interval '30 days') as discussions_30d,
    (select count(*) from public.fan_contents f
     where f.community_id = c.id and f.created_at >= now() - interval '30 days') as fan_contents_30d,
    (select count(*) from public.discussion_comments dc
     where dc.community_id = c.id and dc.created_at >= now() - interval '30 days')
    + (select count(*) from public.fan_content_comments fc
       where fc.community_id = c.id and fc.created_at >= now() - interval '30 days') as comments_30d,
    (select count(*) from public.discussion_votes v
     where v.community_id = c.id and v.created_at >= now() - interval '30 days') as votes_30d,
    (select count(*) from public.fan_content_likes l
     where l.community_id = c.id and l.created_at >= now() - interval '30 days') as likes_30d,
    (select count(distinct a.user_id) from (
        select d.author_id as user_id from public.discussions d
        where d.community_id = c.id and d.created_at >= now() - interval '30 days'
        union all
        select dc.author_id from public.discussion_comments dc
        where dc.community_id = c.id and dc.created_at >= now() - interval '30 days'
        union all
        select f.author_id from public.fan_contents f
        where f.community_id = c.id and f.created_at >= now() - interval '30 days'
    ) as a) as active_posters_30d,
    (select count(*) from public.event_rsvps r where r.community_id = c.id and r.status = 'going'
                                              and r.created_at >= now() - interval '30 days') as rsvps_30d
from public.communities c;

grant select on analytics.community_engagement to analyst, service_role;
