-- RLS for fandom. Content of a community is read where the community is readable (public, by
-- the row's own community_hidden, or the caller is an active/muted member, or belongs to its
-- organization: private.joined_community_ids); it is written by
-- members who may post (active, or whose mute has run out); moderators see and manage
-- everything in their communities. Unpublished posts are seen by their authors and moderators.

-- an organization's members see its communities by the row's own organization, so that one
-- being inserted is given back (`insert … returning`); listed ones by their own columns, not by
-- an array of every listed community
drop policy if exists communities_select on public.communities;
create policy communities_select on public.communities for select to anon, authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    or private.community_is_listed(communities)
    or id = any(array(select private.my_community_ids()))
);

drop policy if exists communities_insert on public.communities;
create policy communities_insert on public.communities for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists communities_update on public.communities;
create policy communities_update on public.communities for update to authenticated
using (id = any(array(select private.moderated_community_ids('admin'))))
with check (id = any(array(select private.moderated_community_ids('admin'))));

drop policy if exists communities_delete on public.communities;
create policy communities_delete on public.communities for delete to authenticated
using (
    id = any(array(select private.moderated_community_ids('owner')))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

-- members: visible with the community's content; one's own membership always
drop policy if exists community_members_select on public.community_members;
create policy community_members_select on public.community_members for select to anon, authenticated
using (
    user_id = (select auth.uid())
    or (community_id = any(array(select private.readable_community_ids())) and status in ('active', 'muted'))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists community_members_update_own on public.community_members;
create policy community_members_update_own on public.community_members for update to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

-- leaving: not while banned (the ban would go with the row), not as an owner
drop policy if exists community_members_leave on public.community_members;
create policy community_members_leave on public.community_members for delete to authenticated
using (user_id = (select auth.uid()) and status <> 'banned' and role <> 'owner');

-- posts, comments: the same shape for each table

-- discussions
drop policy if exists discussions_select on public.discussions;
create policy discussions_select on public.discussions for select to anon, authenticated
using (
    ((not community_hidden or community_id = any(array(select private.joined_community_ids())))
     and (status = 'published' or author_id = (select auth.uid())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists discussions_insert on public.discussions;
create policy discussions_insert on public.discussions for insert to authenticated
with check (community_id = any(array(select private.postable_community_ids())) and author_id = (select auth.uid()));

drop policy if exists discussions_update on public.discussions;
create policy discussions_update on public.discussions for update to authenticated
using (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
)
with check (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists discussions_delete on public.discussions;
create policy discussions_delete on public.discussions for delete to authenticated
using (author_id = (select auth.uid()) or community_id = any(array(select private.moderated_community_ids())));

-- fan contents
drop policy if exists fan_contents_select on public.fan_contents;
create policy fan_contents_select on public.fan_contents for select to anon, authenticated
using (
    ((not community_hidden or community_id = any(array(select private.joined_community_ids())))
     and (status = 'published' or author_id = (select auth.uid())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists fan_contents_insert on public.fan_contents;
create policy fan_contents_insert on public.fan_contents for insert to authenticated
with check (community_id = any(array(select private.postable_community_ids())) and author_id = (select auth.uid()));

drop policy if exists fan_contents_update on public.fan_contents;
create policy fan_contents_update on public.fan_contents for update to authenticated
using (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
)
with check (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists fan_contents_delete on public.fan_contents;
create policy fan_contents_delete on public.fan_contents for delete to authenticated
using (author_id = (select auth.uid()) or community_id = any(array(select private.moderated_community_ids())));

-- discussion comments
drop policy if exists discussion_comments_select on public.discussion_comments;
create policy discussion_comments_select on public.discussion_comments for select to anon, authenticated
using (
    ((not community_hidden or community_id = any(array(select private.joined_community_ids())))
     and (status = 'published' or author_id = (select auth.uid())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists discussion_comments_insert on public.discussion_comments;
create policy discussion_comments_insert on public.discussion_comments for insert to authenticated
with check (community_id = any(array(select private.postable_community_ids())) and author_id = (select auth.uid()));

drop policy if exists discussion_comments_update on public.discussion_comments;
create policy discussion_comments_update on public.discussion_comments for update to authenticated
using (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
)
with check (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists discussion_comments_delete on public.discussion_comments;
create policy discussion_comments_delete on public.discussion_comments for delete to authenticated
using (author_id = (select auth.uid()) or community_id = any(array(select private.moderated_community_ids())));

-- fan content comments
drop policy if exists fan_content_comments_select on public.fan_content_comments;
create policy fan_content_comments_select on public.fan_content_comments for select to anon, authenticated
using (
    ((not community_hidden or community_id = any(array(select private.joined_community_ids())))
     and (status = 'published' or author_id = (select auth.uid())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists fan_content_comments_insert on public.fan_content_comments;
create policy fan_content_comments_insert on public.fan_content_comments for insert to authenticated
with check (community_id = any(array(select private.postable_community_ids())) and author_id = (select auth.uid()));

drop policy if exists fan_content_comments_update on public.fan_content_comments;
create policy fan_content_comments_update on public.fan_content_comments for update to authenticated
using (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
)
with check (
    (author_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists fan_content_comments_delete on public.fan_content_comments;
create policy fan_content_comments_delete on public.fan_content_comments for delete to authenticated
using (author_id = (select auth.uid()) or community_id = any(array(select private.moderated_community_ids())));

-- votes, poll votes, likes: readable with the community; each user casts their own

-- discussion votes; a vote may be changed
drop policy if exists discussion_votes_select on public.discussion_votes;
create policy discussion_votes_select on public.discussion_votes for select to anon, authenticated
using (not community_hidden or community_id = any(array(select private.joined_community_ids())));

drop policy if exists discussion_votes_insert on public.discussion_votes;
create policy discussion_votes_insert on public.discussion_votes for insert to authenticated
with check (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())));

drop policy if exists discussion_votes_delete on public.discussion_votes;
create policy discussion_votes_delete on public.discussion_votes for delete to authenticated
using (user_id = (select auth.uid()));

drop policy if exists discussion_votes_update on public.discussion_votes;
create policy discussion_votes_update on public.discussion_votes for update to authenticated
using (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
with check (user_id = (select auth.uid()));

-- discussion poll votes
drop policy if exists discussion_poll_votes_select on public.discussion_poll_votes;
create policy discussion_poll_votes_select on public.discussion_poll_votes for select to anon, authenticated
using (not community_hidden or community_id = any(array(select private.joined_community_ids())));

drop policy if exists discussion_poll_votes_insert on public.discussion_poll_votes;
create policy discussion_poll_votes_insert on public.discussion_poll_votes for insert to authenticated
with check (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())));

drop policy if exists discussion_poll_votes_delete on public.discussion_poll_votes;
create policy discussion_poll_votes_delete on public.discussion_poll_votes for delete to authenticated
using (user_id = (select auth.uid()));

-- fan content likes
drop policy if exists fan_content_likes_select on public.fan_content_likes;
create policy fan_content_likes_select on public.fan_content_likes for select to anon, authenticated
using (not community_hidden or community_id = any(array(select private.joined_community_ids())));

drop policy if exists fan_content_likes_insert on public.fan_content_likes;
create policy fan_content_likes_insert on public.fan_content_likes for insert to authenticated
with check (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())));

drop policy if exists fan_content_likes_delete on public.fan_content_likes;
create policy fan_content_likes_delete on public.fan_content_likes for delete to authenticated
using (user_id = (select auth.uid()));

-- events: readable with the community; moderators organise them
drop policy if exists events_select on public.events;
create policy events_select on public.events for select to anon, authenticated
using (
    ((not community_hidden or community_id = any(array(select private.joined_community_ids()))) and status <> 'draft')
    or community_id = any(array(select private.moderated_community_ids()))
);

drop policy if exists events_write on public.events;
create policy events_write on public.events for all to authenticated
using (community_id = any(array(select private.moderated_community_ids())))
with check (community_id = any(array(select private.moderated_community_ids())));

-- RSVPs: seen by the community's readers; each member answers for themselves
drop policy if exists event_rsvps_select on public.event_rsvps;
create policy event_rsvps_select on public.event_rsvps for select to authenticated
using (not community_hidden or community_id = any(array(select private.joined_community_ids())));

drop policy if exists event_rsvps_insert on public.event_rsvps;
create policy event_rsvps_insert on public.event_rsvps for insert to authenticated
with check (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())));

drop policy if exists event_rsvps_update on public.event_rsvps;
create policy event_rsvps_update on public.event_rsvps for update to authenticated
using (user_id = (select auth.uid()) and community_id = any(array(select private.postable_community_ids())))
with check (user_id = (select auth.uid()));

drop policy if exists event_rsvps_delete on public.event_rsvps;
create policy event_rsvps_delete on public.event_rsvps for delete to authenticated
using (user_id = (select auth.uid()));

-- views and shares: the caller's own, today, of a subject the caller can read (the subject
-- table's own select policy answers, under the caller's rights)
drop policy if exists daily_counts_insert on private.daily_counts;
create policy daily_counts_insert on private.daily_counts for insert to authenticated
with check (
    user_id = (select auth.uid())
    and counted_on = (now() at time zone 'UTC')::date
    and case subject
        when 'discussion' then exists (select from public.discussions d where d.id = subject_id)
        when 'fan_content' then exists (select from public.fan_contents f where f.id = subject_id)
        when 'product' then exists (select from public.products p where p.id = subject_id)
        else false
    end
);

drop policy if exists daily_counts_select_own on private.daily_counts;
create policy daily_counts_select_own on private.daily_counts for select to authenticated
using (user_id = (select auth.uid()));
