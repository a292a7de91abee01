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

revoke all on public.discussion_poll_results from anon, authenticated;
grant select on public.discussion_poll_results to anon, authenticated, service_role;
