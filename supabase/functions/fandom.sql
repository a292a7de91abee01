-- Fandom: access helpers, membership and moderation RPCs, scope and author rules for every
-- content table, counters by delta, notifications, RSVPs with capacity, event reminders.

-- ---------------------------------------------------------------------------
-- Access helpers (STABLE security definer sets, used as `= any(array(select ...))`)
-- Roles rank member < moderator < admin < owner; admins of the community's organization
-- act as community admins. Banned, pending and still-muted members cannot post.
-- ---------------------------------------------------------------------------
create or replace function private.community_role_rank(role text)
returns integer
language sql
immutable
set search_path = ''
as $$
    select case role when 'member' then 1 when 'moderator' then 2 when 'admin' then 3 when 'owner' then 4 else 0 end
$$;
revoke execute on function private.community_role_rank(text) from public;

-- The caller's rank in a community: their member role (when active or muted), or admin
-- through the organization; 0 when neither.
create or replace function private.my_community_rank(target_community uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
    select greatest(
        (select private.community_role_rank(m.role) from public.community_members m
         where m.community_id = target_community and m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')),
        (select 3 from public.communities c
         where c.id = target_community and c.organization_id = any(array(select private.my_org_ids('admin')))),
        0)
$$;
revoke execute on function private.my_community_rank(uuid) from public;

-- The caller's rank in a community where it is at least `min_role`'s; otherwise the community
-- is not theirs to manage and is not found (PT404).
create or replace function private.require_community_rank(target_community uuid, min_role text)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
    my_rank integer := private.my_community_rank(target_community);
begin
    if my_rank < private.community_role_rank(min_role) then
        raise exception 'community not found' using errcode = 'PT404';
    end if;
    return my_rank;
end
$$;
revoke execute on function private.require_community_rank(uuid, text) from public;

-- Is this community listed (found by anyone: public and private ones) / is its content public:
-- the one definition of each, on the community's own columns (its organization's deletion is
-- mirrored onto it: organization_deleted_at), for policies, helpers and the mirror onto its
-- content (community_hidden). Not security definer and no SET clause, so that the planner
-- inlines them into a policy as plain column tests.
create or replace function private.community_is_listed(community public.communities)
returns boolean
language sql
immutable
as $$
    select community.visibility in ('public', 'private') and community.status <> 'banned'
           and community.organization_deleted_at is null
$$;
comment on function private.community_is_listed(public.communities) is
    'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';
revoke execute on function private.community_is_listed(public.communities) from public;
grant execute on function private.community_is_listed(public.communities) to anon, authenticated, service_role;

create or replace function private.community_is_public(community public.communities)
returns boolean
language sql
immutable
as $$
    select community.visibility = 'public' and community.status <> 'banned'
           and community.organization_deleted_at is null
$$;
comment on function private.community_is_public(public.communities) is
    'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';
revoke execute on function private.community_is_public(public.communities) from public;
grant execute on function private.community_is_public(public.communities) to anon, authenticated, service_role;

create or replace function private.public_community_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select c.id from public.communities c where private.community_is_public(c)
$$;
revoke execute on function private.public_community_ids() from public;
grant execute on function private.public_community_ids() to anon, authenticated, service_role;

-- Communities whose content the caller reads from inside: those they belong to (active or
-- muted), or whose organization they belong to. A content row's policy adds the public ones
-- by the row's own community_hidden, not by an array of every public community.
create or replace function private.joined_community_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$$;
revoke execute on function private.joined_community_ids() from public;
grant execute on function private.joined_community_ids() to anon, authenticated, service_role;

-- Communities whose content the caller reads: public ones and joined ones.
create or replace function private.readable_community_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select private.public_community_ids()
    union
    select private.joined_community_ids()
$$;
revoke execute on function private.readable_community_ids() from public;
grant execute on function private.readable_community_ids() to anon, authenticated, service_role;

-- Communities the caller may post in: active ones where they are an active member (or their
-- mute has run out).
create or replace function private.postable_community_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.community_id from public.community_members m
    join public.communities c on c.id = m.community_id and c.status = 'active'
    where m.user_id = (select private.acting_user_id())
      and (m.status = 'active' or (m.status = 'muted' and m.muted_until <= now()))
$$;
revoke execute on function private.postable_community_ids() from public;
grant execute on function private.postable_community_ids() to authenticated, service_role;

-- Communities the caller moderates (moderator or more, or an admin of the organization).
create or replace function private.moderated_community_ids(min_role text default 'moderator')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status = 'active'
      and private.community_role_rank(m.role) >= private.community_role_rank(min_role)
    union
    select c.id from public.communities c
    where c.organization_id = any(array(select private.my_org_ids('admin'))) and min_role <> 'owner'
$$;
revoke execute on function private.moderated_community_ids(text) from public;
grant execute on function private.moderated_community_ids(text) to authenticated, service_role;

-- Communities the caller sees whether or not they are listed: those they have a membership in
-- (any status: a pending or banned member still finds an invite-only one) and their
-- organizations'. Listed ones are seen by the row itself (private.community_is_listed).
create or replace function private.my_community_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.community_id from public.community_members m where m.user_id = (select private.acting_user_id())
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$$;
revoke execute on function private.my_community_ids() from public;
grant execute on function private.my_community_ids() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Communities and membership
-- ---------------------------------------------------------------------------
-- A community of a project takes its organization (private.inherit_scope); a client's starts
-- with its creator and empty counts (private.client_defaults).
create or replace trigger inherit_scope before insert on public.communities
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.communities
for each row execute function private.client_defaults('created_by', 'member_count=0', 'post_count=0');
create or replace trigger protect_columns before update on public.communities
for each row execute function private.protect_columns(
    'organization_id', 'project_id', 'created_by', 'member_count', 'post_count'
);
create or replace trigger set_updated_at before update on public.communities
for each row execute function private.set_updated_at();

-- A community's content carries whether it is public (community_hidden: not
-- private.community_is_public), so that its select policies judge a row by its own columns and
-- the caller's memberships. Set from the community when a row is inserted or moved (whatever the
-- client sent); rewritten on the community's rows when its visibility, status or organization's
-- deletion changes (the organization's deletion reaches the community through
-- private.mirror_organization_deleted_at). The content tables are those with both columns (catalog).
create or replace function private.inherit_community_hidden()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    new.community_hidden := not coalesce(
        (select private.community_is_public(c) from public.communities c where c.id = new.community_id), false);
    return new;
end
$$;
revoke execute on function private.inherit_community_hidden() from public;

create or replace function private.sync_community_hidden()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    content_table regclass;
    hidden boolean := not private.community_is_public(new);
begin
    for content_table in
        select a.attrelid::regclass from pg_attribute a
        join pg_class t on t.oid = a.attrelid and t.relkind = 'r'
        join pg_attribute k on k.attrelid = a.attrelid and k.attname = 'community_id' and not k.attisdropped
        where a.attname = 'community_hidden' and not a.attisdropped
          and t.relnamespace = 'public'::regnamespace
    loop
        execute format('update %s set community_hidden = $1 where community_id = $2 and community_hidden <> $1',
                       content_table)
        using hidden, new.id;
    end loop;
    return null;
end
$$;
revoke execute on function private.sync_community_hidden() from public;

create or replace trigger sync_community_hidden after update of visibility, status, organization_deleted_at
on public.communities
for each row when (private.community_is_public(old) is distinct from private.community_is_public(new))
execute function private.sync_community_hidden();

-- The creator owns the new community.
create or replace function private.community_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.created_by is not null then
        insert into public.community_members (community_id, user_id, role, status)
        values (new.id, new.created_by, 'owner', 'active');
    end if;
    return null;
end
$$;
revoke execute on function private.community_owner() from public;

create or replace trigger community_owner after insert on public.communities
for each row execute function private.community_owner();

create or replace trigger set_updated_at before update on public.community_members
for each row execute function private.set_updated_at();
create or replace trigger protect_columns before update on public.community_members
for each row execute function private.protect_columns(
    'community_id', 'user_id', 'role', 'status', 'reputation', 'post_count', 'comment_count', 'muted_until',
    'banned_at', 'ban_reason', 'joined_at'
);

-- member_count: active and muted members.
create or replace trigger count_members after insert or update of status or delete on public.community_members
for each row execute function private.count_live_children('communities', 'community_id', 'member_count',
                                                           'status:active,muted');

-- Join: public communities at once, private ones after a moderator's approval; invite-only
-- communities are not found. A banned member stays banned.
create or replace function public.join_community(community_id uuid)
returns public.community_members
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    target public.communities;
    membership public.community_members;
begin
    select c.* into target from public.communities c
    where c.id = join_community.community_id
      and (private.community_is_listed(c) or c.id = any(array(select private.my_community_ids())));
    if target.id is null or (target.visibility = 'invite_only' and not exists (
        select 1 from public.community_members m where m.community_id = target.id and m.user_id = uid)) then
        raise exception 'community not found' using errcode = 'PT404';
    end if;
    if target.status <> 'active' then
        raise exception 'this community is %', target.status using errcode = 'PT409';
    end if;
    select m.* into membership from public.community_members m where m.community_id = target.id and m.user_id = uid;
    if membership.status = 'banned' then
        raise exception 'you are banned from this community' using errcode = '42501';
    end if;
    if membership.id is not null then
        return membership;
    end if;
    insert into public.community_members (community_id, user_id, status)
    values (target.id, uid, case when target.visibility = 'public' then 'active' else 'pending' end)
    on conflict on constraint community_members_community_id_user_id_key do nothing
    returning * into membership;
    return coalesce(membership, (select m from public.community_members m
                                 where m.community_id = target.id and m.user_id = uid));
end
$$;
revoke execute on function public.join_community(uuid) from public, anon;
grant execute on function public.join_community(uuid) to authenticated;

-- Moderation: approve, add (invite), mute, unmute, ban, unban, remove. A moderator acts only
-- on members ranked below them, never on themselves.
create or replace function public.moderate_member(
    community_id uuid, user_id uuid, action text, reason text default null, until timestamptz default null
)
returns public.community_members
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    my_rank integer;
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    my_rank := private.require_community_rank(moderate_member.community_id, 'moderator');
    if moderate_member.user_id = uid then
        raise exception 'you cannot moderate yourself' using errcode = '42501';
    end if;
    if action not in ('approve', 'add', 'mute', 'unmute', 'ban', 'unban', 'remove') then
        raise exception 'unknown moderation action %', action using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = moderate_member.community_id and m.user_id = moderate_member.user_id
    for update;
    if action = 'add' then
        if membership.id is not null and membership.status <> 'pending' then
            raise exception 'already a member (%)', membership.status using errcode = '23505';
        end if;
        if not exists (select 1 from auth.users u where u.id = moderate_member.user_id) then
            raise exception 'user not found' using errcode = 'PT404';
        end if;
        insert into public.community_members as m (community_id, user_id, status)
        values (moderate_member.community_id, moderate_member.user_id, 'active')
        on conflict on constraint community_members_community_id_user_id_key do update set status = 'active'
        returning * into membership;
        perform private.notify(membership.user_id, 'community_update', jsonb_build_object('action', 'added'),
            actor => uid, reference_type => 'community', reference_id => membership.community_id,
            title => 'You were added to a community', once_per => interval '1 day');
        return membership;
    end if;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if private.community_role_rank(membership.role) >= my_rank then
        raise exception 'you can only moderate members ranked below you' using errcode = '42501';
    end if;
    if action = 'remove' then
        delete from public.community_members m where m.id = membership.id;
        return membership;
    end if;
    if (action = 'approve' and membership.status <> 'pending')
       or (action = 'unmute' and membership.status <> 'muted')
       or (action = 'unban' and membership.status <> 'banned')
       or (action in ('mute', 'ban') and membership.status = 'pending') then
        raise exception 'cannot % a member who is %', action, membership.status using errcode = 'PT409';
    end if;
    update public.community_members m
    set status = case action when 'mute' then 'muted' when 'ban' then 'banned' else 'active' end,
        muted_until = case when action = 'mute' then until end,
        banned_at = case when action = 'ban' then now() end,
        ban_reason = case when action = 'ban' then reason end
    where m.id = membership.id
    returning * into membership;
    return membership;
end
$$;
revoke execute on function public.moderate_member(uuid, uuid, text, text, timestamptz) from public, anon;
grant execute on function public.moderate_member(uuid, uuid, text, text, timestamptz) to authenticated;

-- Roles: admins appoint members and moderators; owners also admins and owners.
create or replace function public.set_community_role(community_id uuid, user_id uuid, new_role text)
returns public.community_members
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    my_rank integer := private.require_community_rank(set_community_role.community_id, 'admin');
    membership public.community_members;
begin
    if private.community_role_rank(new_role) = 0 then
        raise exception 'unknown community role %', new_role using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = set_community_role.community_id and m.user_id = set_community_role.user_id
      and m.status = 'active'
    for update;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if membership.user_id = uid or (my_rank < 4 and (private.community_role_rank(membership.role) >= my_rank
                                                     or private.community_role_rank(new_role) >= my_rank)) then
        raise exception 'you can only change roles below your own' using errcode = '42501';
    end if;
    update public.community_members m set role = new_role where m.id = membership.id returning * into membership;
    return membership;
end
$$;
revoke execute on function public.set_community_role(uuid, uuid, text) from public, anon;
grant execute on function public.set_community_role(uuid, uuid, text) to authenticated;

-- A community keeps at least one owner.
create or replace function private.keep_community_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
       and exists (select 1 from public.communities c where c.id = old.community_id)
       and not exists (select 1 from public.community_members m
                       where m.community_id = old.community_id and m.role = 'owner' and m.id <> old.id) then
        raise exception 'a community keeps at least one owner' using errcode = 'PT409';
    end if;
    return coalesce(new, old);
end
$$;
revoke execute on function private.keep_community_owner() from public;

create or replace trigger keep_community_owner before update of role or delete on public.community_members
for each row execute function private.keep_community_owner();

-- ---------------------------------------------------------------------------
-- Posts (discussions and fan content): the author is the caller and counters start at 0
-- (private.client_defaults); moderation fields are the moderators'; counters are the database's.
-- ---------------------------------------------------------------------------
create or replace function private.post_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    moderator boolean;
    row_new jsonb := to_jsonb(new);
    row_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}' end;
begin
    if not private.is_client_request() then
        return new;
    end if;
    moderator := new.community_id = any(array(select private.moderated_community_ids()));
    if tg_op = 'INSERT' then
        if not moderator and (row_new ->> 'status' in ('hidden', 'removed') or (row_new ->> 'featured')::boolean
                              or (row_new ->> 'pinned')::boolean or (row_new ->> 'locked')::boolean
                              or row_new ->> 'type' = 'announcement') then
            raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
        end if;
        return new;
    end if;
    -- community, author and counters are frozen for clients (protect_columns)
    if not moderator and (
        (row_new -> 'pinned', row_new -> 'locked', row_new -> 'featured', row_new -> 'removed_reason')
        is distinct from (row_old -> 'pinned', row_old -> 'locked', row_old -> 'featured', row_old -> 'removed_reason')
        or (row_new ->> 'status' is distinct from row_old ->> 'status'
            and (row_new ->> 'status' in ('hidden', 'removed') or row_old ->> 'status' in ('hidden', 'removed')))
        or (row_new ->> 'type' = 'announcement' and row_old ->> 'type' <> 'announcement')) then
        raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
    end if;
    return new;
end
$$;
revoke execute on function private.post_rules() from public;

create or replace trigger client_defaults before insert on public.discussions
for each row execute function private.client_defaults(
    'author_id', 'upvotes=0', 'downvotes=0', 'score=0', 'comment_count=0', 'view_count=0'
);
create or replace trigger client_defaults before insert on public.fan_contents
for each row execute function private.client_defaults(
    'author_id', 'view_count=0', 'like_count=0', 'comment_count=0', 'share_count=0'
);
create or replace trigger post_rules before insert or update on public.discussions
for each row execute function private.post_rules();
create or replace trigger protect_columns before update on public.discussions
for each row execute function private.protect_columns(
    'community_id', 'author_id', 'upvotes', 'downvotes', 'score', 'comment_count', 'view_count'
);
create or replace trigger post_rules before insert or update on public.fan_contents
for each row execute function private.post_rules();
create or replace trigger protect_columns before update on public.fan_contents
for each row execute function private.protect_columns(
    'community_id', 'author_id', 'view_count', 'like_count', 'comment_count', 'share_count'
);
create or replace trigger set_updated_at before update on public.discussions
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.fan_contents
for each row execute function private.set_updated_at();

-- How a row's insert, update or delete changes the number of rows holding `value`: +1 when it
-- comes to hold it, -1 when it stops, else 0 (`old_value`, `new_value`: null where there is no
-- old or new row).
create or replace function private.count_change(old_value text, new_value text, value text)
returns integer
language sql
immutable
set search_path = ''
as $$
    select coalesce((new_value = value)::integer, 0) - coalesce((old_value = value)::integer, 0)
$$;
revoke execute on function private.count_change(text, text, text) from public;

-- Published posts and comments count into the author's membership counter (TG_ARGV[0]:
-- post_count, comment_count), after the community's or post's (count_live_children), and (once,
-- on creation) into the author's lifetime progress (TG_ARGV[1]: posts_created, comments_created).
create or replace function private.count_by_author()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    delta integer := private.count_change(old.status, new.status, 'published');
    target_community uuid := coalesce(new.community_id, old.community_id);
    author uuid := coalesce(new.author_id, old.author_id);
begin
    if delta <> 0 then
        execute format('update public.community_members m set %1$I = greatest(m.%1$I + $1, 0)
                        where m.community_id = $2 and m.user_id = $3', tg_argv[0])
        using delta, target_community, author;
    end if;
    if tg_op = 'INSERT' and delta > 0 then
        perform private.add_progress(author, tg_argv[1], 1);
    end if;
    return null;
end
$$;
revoke execute on function private.count_by_author() from public;

-- Triggers fire in name order: the community's row before the member's, as everywhere.
create or replace trigger count_posts after insert or update of status or delete on public.discussions
for each row execute function private.count_live_children('communities', 'community_id', 'post_count',
                                                           'status:published');
create or replace trigger count_posts_by_author after insert or update of status or delete on public.discussions
for each row execute function private.count_by_author('post_count', 'posts_created');
create or replace trigger count_posts after insert or update of status or delete on public.fan_contents
for each row execute function private.count_live_children('communities', 'community_id', 'post_count',
                                                           'status:published');
create or replace trigger count_posts_by_author after insert or update of status or delete on public.fan_contents
for each row execute function private.count_by_author('post_count', 'posts_created');

-- ---------------------------------------------------------------------------
-- Comments (discussions and fan content): scope from the post, nesting within one post,
-- locked discussions closed; a client's comment is theirs, published, with no votes
-- (private.client_defaults); counts; replies notify the parent's author (or the post's).
-- ---------------------------------------------------------------------------
create or replace function private.comment_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    post jsonb;
    parent jsonb;
    post_key text := case tg_table_name when 'discussion_comments' then 'discussion_id' else 'content_id' end;
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    row_new jsonb := to_jsonb(new);
begin
    if tg_op = 'UPDATE' then
        -- post, parent, author and counters are frozen (protect_columns)
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        return new;
    end if;
    -- invoker rights: the post must be readable by the caller
    execute format('select to_jsonb(p) from public.%I p where p.id = $1', post_table) into post
    using (row_new ->> post_key)::uuid;
    if post is null or (post ->> 'status' <> 'published' and private.is_client_request()) then
        raise exception '% not found', case post_table when 'discussions' then 'discussion' else 'fan content' end
            using errcode = 'PT404';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = 'PT409';
    end if;
    if new.parent_id is not null then
        execute format('select to_jsonb(c) from public.%I c where c.id = $1', tg_table_name) into parent
        using new.parent_id;
        if parent is null or parent ->> post_key <> row_new ->> post_key then
            raise exception 'the parent comment is not on this post' using errcode = '22023';
        end if;
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, jsonb_build_object('depth', (parent ->> 'depth')::integer + 1));
        end if;
    end if;
    return new;
end
$$;
revoke execute on function private.comment_rules() from public;

create or replace trigger client_defaults before insert on public.discussion_comments
for each row execute function private.client_defaults(
    'author_id', 'status="published"', 'upvotes=0', 'downvotes=0', 'score=0'
);
create or replace trigger client_defaults before insert on public.fan_content_comments
for each row execute function private.client_defaults('author_id', 'status="published"');

create or replace trigger comment_rules before insert or update on public.discussion_comments
for each row execute function private.comment_rules();
-- On insert only: afterwards the parent keys and community_id never change (protect_columns '!').
create or replace trigger inherit_scope before insert on public.discussion_comments
for each row execute function private.inherit_scope('discussions:discussion_id:discussion');
create or replace trigger protect_columns before update on public.discussion_comments
for each row execute function private.protect_columns(
    '!discussion_id', '!parent_id', '!community_id', '!author_id', 'upvotes', 'downvotes', 'score'
);
create or replace trigger comment_rules before insert or update on public.fan_content_comments
for each row execute function private.comment_rules();
create or replace trigger inherit_scope before insert on public.fan_content_comments
for each row execute function private.inherit_scope('fan_contents:content_id:fan content');
create or replace trigger protect_columns before update on public.fan_content_comments
for each row execute function private.protect_columns('!content_id', '!parent_id', '!community_id', '!author_id');
create or replace trigger set_updated_at before update on public.discussion_comments
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.fan_content_comments
for each row execute function private.set_updated_at();

-- A published comment, once created, notifies whom it answers: the parent comment's author, or
-- the post's (after the counters: triggers fire in name order).
create or replace function private.notify_comment_reply()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    row_data jsonb := to_jsonb(new);
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    post_id uuid := coalesce(row_data ->> 'discussion_id', row_data ->> 'content_id')::uuid;
    post_author uuid;
    parent_author uuid;
begin
    execute format('select p.author_id from public.%I p where p.id = $1', post_table) into post_author using post_id;
    if new.parent_id is not null then
        execute format('select c.author_id from public.%I c where c.id = $1', tg_table_name)
        into parent_author using new.parent_id;
    end if;
    perform private.notify(
        coalesce(parent_author, post_author), 'comment_reply',
        jsonb_build_object('post_id', post_id, 'comment_id', new.id, 'parent_id', new.parent_id,
                           'excerpt', left(new.content, 140)),
        actor => new.author_id,
        reference_type => case tg_table_name when 'discussion_comments' then 'comment' else 'content_comment' end,
        reference_id => new.id,
        title => case when new.parent_id is null then 'New comment on your post' else 'New reply to your comment' end);
    return null;
end
$$;
revoke execute on function private.notify_comment_reply() from public;

-- Triggers fire in name order: the post's row before the member's.
create or replace trigger count_comments after insert or update of status or delete on public.discussion_comments
for each row execute function private.count_live_children('discussions', 'discussion_id', 'comment_count',
                                                           'status:published');
create or replace trigger count_comments_by_author after insert or update of status or delete
on public.discussion_comments
for each row execute function private.count_by_author('comment_count', 'comments_created');
create or replace trigger notify_comment_reply after insert on public.discussion_comments
for each row when (new.status = 'published') execute function private.notify_comment_reply();
create or replace trigger count_comments after insert or update of status or delete on public.fan_content_comments
for each row execute function private.count_live_children('fan_contents', 'content_id', 'comment_count',
                                                           'status:published');
create or replace trigger count_comments_by_author after insert or update of status or delete
on public.fan_content_comments
for each row execute function private.count_by_author('comment_count', 'comments_created');
create or replace trigger notify_comment_reply after insert on public.fan_content_comments
for each row when (new.status = 'published') execute function private.notify_comment_reply();

-- ---------------------------------------------------------------------------
-- Votes: one per user and target; up/down/score follow every insert, change and withdrawal
-- by delta, so they stay exact under concurrency.
-- ---------------------------------------------------------------------------
create or replace function private.vote_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if tg_op = 'UPDATE' then  -- only its direction changes (protect_columns)
        new.updated_at := now();
        return new;
    end if;
    -- invoker rights: the target must be readable (its community: inherit_scope) and published
    if not exists (select from public.discussions d where d.id = new.discussion_id and d.status = 'published')
       and not exists (select from public.discussion_comments c where c.id = new.comment_id and c.status = 'published')
    then
        raise exception 'nothing to vote on' using errcode = 'PT404';
    end if;
    return new;
end
$$;
revoke execute on function private.vote_rules() from public;

create or replace trigger protect_columns before update on public.discussion_votes
for each row execute function private.protect_columns('!user_id', '!discussion_id', '!comment_id', '!community_id');
create or replace trigger client_defaults before insert on public.discussion_votes
for each row execute function private.client_defaults('user_id');
create or replace trigger inherit_scope before insert on public.discussion_votes
for each row execute function private.inherit_scope('discussions:discussion_id:discussion',
                                                    'discussion_comments:comment_id:comment');
create or replace trigger vote_rules before insert or update on public.discussion_votes
for each row execute function private.vote_rules();

create or replace function private.count_votes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    up_delta integer := private.count_change(old.vote_type, new.vote_type, 'up');
    down_delta integer := private.count_change(old.vote_type, new.vote_type, 'down');
begin
    if up_delta = 0 and down_delta = 0 then
        return null;
    end if;
    if coalesce(new.discussion_id, old.discussion_id) is not null then
        update public.discussions d
        set upvotes = d.upvotes + up_delta, downvotes = d.downvotes + down_delta,
            score = d.score + up_delta - down_delta
        where d.id = coalesce(new.discussion_id, old.discussion_id);
    else
        update public.discussion_comments c
        set upvotes = c.upvotes + up_delta, downvotes = c.downvotes + down_delta,
            score = c.score + up_delta - down_delta
        where c.id = coalesce(new.comment_id, old.comment_id);
    end if;
    return null;
end
$$;
revoke execute on function private.count_votes() from public;

create or replace trigger count_votes after insert or update of vote_type or delete on public.discussion_votes
for each row execute function private.count_votes();

-- Vote, change a vote, or withdraw it (vote => null). Invoker rights: RLS decides.
create or replace function public.cast_vote(discussion_id uuid default null, comment_id uuid default null,
                                            vote text default 'up')
returns public.discussion_votes
language plpgsql
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    result public.discussion_votes;
begin
    if num_nonnulls(discussion_id, comment_id) <> 1 then
        raise exception 'vote on one discussion or one comment' using errcode = '22023';
    end if;
    if vote is not null and vote not in ('up', 'down') then
        raise exception 'a vote is up, down or null (withdraw)' using errcode = '22023';
    end if;
    if vote is null then
        delete from public.discussion_votes v
        where v.user_id = uid
          and (v.discussion_id = cast_vote.discussion_id or v.comment_id = cast_vote.comment_id)
        returning * into result;
        return result;
    end if;
    if discussion_id is not null then
        insert into public.discussion_votes as v (user_id, discussion_id, vote_type)
        values (uid, cast_vote.discussion_id, vote)
        on conflict on constraint discussion_votes_user_id_discussion_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    else
        insert into public.discussion_votes as v (user_id, comment_id, vote_type)
        values (uid, cast_vote.comment_id, vote)
        on conflict on constraint discussion_votes_user_id_comment_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    end if;
    return result;
end
$$;
revoke execute on function public.cast_vote(uuid, uuid, text) from public, anon;
grant execute on function public.cast_vote(uuid, uuid, text) to authenticated;

-- ---------------------------------------------------------------------------
-- Polls: one vote per user and poll, for an option the poll offers, before it ends.
-- ---------------------------------------------------------------------------
create or replace function private.poll_vote_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    poll public.discussions;
begin
    select d.* into poll from public.discussions d where d.id = new.discussion_id and d.status = 'published';
    if poll.id is null or poll.type <> 'poll' then
        raise exception 'poll not found' using errcode = 'PT404';
    end if;
    if poll.poll_ends_at is not null and poll.poll_ends_at <= now() then
        raise exception 'this poll closed at %', poll.poll_ends_at using errcode = 'PT409';
    end if;
    if not exists (select 1 from jsonb_array_elements(poll.poll_options) o where o ->> 'id' = new.option_id) then
        raise exception 'the poll has no option %', new.option_id using errcode = '22023';
    end if;
    return new;
end
$$;
revoke execute on function private.poll_vote_rules() from public;

create or replace trigger client_defaults before insert on public.discussion_poll_votes
for each row execute function private.client_defaults('user_id');
create or replace trigger inherit_scope before insert on public.discussion_poll_votes
for each row execute function private.inherit_scope('discussions:discussion_id:poll');
create or replace trigger poll_vote_rules before insert on public.discussion_poll_votes
for each row execute function private.poll_vote_rules();

-- ---------------------------------------------------------------------------
-- Likes on fan content: counted, and news for the author.
-- ---------------------------------------------------------------------------
create or replace function private.like_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- its community: inherit_scope
    if not exists (select from public.fan_contents c where c.id = new.content_id and c.status = 'published') then
        raise exception 'fan content not found' using errcode = 'PT404';
    end if;
    return new;
end
$$;
revoke execute on function private.like_rules() from public;

create or replace trigger client_defaults before insert on public.fan_content_likes
for each row execute function private.client_defaults('user_id');
create or replace trigger inherit_scope before insert on public.fan_content_likes
for each row execute function private.inherit_scope('fan_contents:content_id:fan content');
create or replace trigger like_rules before insert on public.fan_content_likes
for each row execute function private.like_rules();

-- The content's like_count (count_live_children); its author hears of a like (once a day).
create or replace trigger count_likes after insert or delete on public.fan_content_likes
for each row execute function private.count_live_children('fan_contents', 'content_id', 'like_count');

create or replace function private.notify_like()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify((select c.author_id from public.fan_contents c where c.id = new.content_id), 'like',
                           jsonb_build_object('content_id', new.content_id),
                           actor => new.user_id, reference_type => 'content', reference_id => new.content_id,
                           title => 'Someone liked your fan content', once_per => interval '1 day');
    return null;
end
$$;
revoke execute on function private.notify_like() from public;

create or replace trigger notify_like after insert on public.fan_content_likes
for each row execute function private.notify_like();

-- ---------------------------------------------------------------------------
-- Events and RSVPs. A "going" RSVP takes a seat only while seats are left: the seat count
-- is raised by one guarded UPDATE of the event row, so concurrent RSVPs queue on that row
-- and never overbook. RSVPs close at rsvp_deadline (else at the start).
-- ---------------------------------------------------------------------------
create or replace trigger client_defaults before insert on public.events
for each row execute function private.client_defaults('created_by', 'current_attendees=0', 'interested_count=0');
create or replace trigger protect_columns before update on public.events
for each row execute function private.protect_columns('community_id', 'created_by', 'current_attendees',
                                                      'interested_count');
create or replace trigger set_updated_at before update on public.events
for each row execute function private.set_updated_at();

create or replace function private.rsvp_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    event public.events;
begin
    -- on UPDATE only the status changes (protect_columns)
    -- invoker rights: the event must be readable
    select e.* into event from public.events e where e.id = new.event_id;
    if event.id is null then
        raise exception 'event not found' using errcode = 'PT404';
    end if;
    if event.status <> 'scheduled' then
        raise exception 'this event is %', event.status using errcode = 'PT409';
    end if;
    if coalesce(event.rsvp_deadline, event.event_date) <= now() then
        raise exception 'RSVPs for this event closed at %', coalesce(event.rsvp_deadline, event.event_date)
            using errcode = 'PT409';
    end if;
    new.updated_at := now();
    return new;
end
$$;
revoke execute on function private.rsvp_rules() from public;

create or replace trigger client_defaults before insert on public.event_rsvps
for each row execute function private.client_defaults('user_id', 'reminder_sent=false');
create or replace trigger protect_columns before update on public.event_rsvps
for each row execute function private.protect_columns('!event_id', '!user_id', '!community_id');
create or replace trigger inherit_scope before insert on public.event_rsvps
for each row execute function private.inherit_scope('events:event_id:event');
create or replace trigger rsvp_rules before insert or update of status, event_id, user_id, community_id
on public.event_rsvps
for each row execute function private.rsvp_rules();

create or replace function private.count_rsvps()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    going_delta integer := private.count_change(old.status, new.status, 'going');
    interested_delta integer := private.count_change(old.status, new.status, 'interested');
    target uuid := coalesce(new.event_id, old.event_id);
begin
    if going_delta > 0 then
        update public.events e set current_attendees = e.current_attendees + 1
        where e.id = target and (e.max_attendees is null or e.current_attendees < e.max_attendees);
        if not found then
            raise exception 'this event is full' using errcode = 'PT409';
        end if;
    elsif going_delta < 0 then
        update public.events e set current_attendees = greatest(e.current_attendees - 1, 0) where e.id = target;
    end if;
    if interested_delta <> 0 then
        update public.events e set interested_count = greatest(e.interested_count + interested_delta, 0)
        where e.id = target;
    end if;
    return null;
end
$$;
revoke execute on function private.count_rsvps() from public;

create or replace trigger count_rsvps after insert or update of status or delete on public.event_rsvps
for each row execute function private.count_rsvps();

-- RSVP, or change it. Invoker rights: RLS decides.
create or replace function public.rsvp_event(event_id uuid, status text default 'going')
returns public.event_rsvps
language plpgsql
set search_path = ''
as $$
declare
    result public.event_rsvps;
begin
    perform private.require_user();
    if status not in ('going', 'interested', 'not_going') then
        raise exception 'an RSVP is going, interested or not_going' using errcode = '22023';
    end if;
    insert into public.event_rsvps as r (event_id, user_id, status)
    values (rsvp_event.event_id, private.caller_id(), rsvp_event.status)
    on conflict on constraint event_rsvps_event_id_user_id_key do update set status = excluded.status
    returning * into result;
    return result;
end
$$;
revoke execute on function public.rsvp_event(uuid, text) from public, anon;
grant execute on function public.rsvp_event(uuid, text) to authenticated;

-- Duty send_event_reminders: remind at most p_batch members going to or interested in an
-- event that starts within the next 24 hours, once each (reminder_sent, set in the same
-- statement that picks them). Returns how many reminders it wrote.
create or replace function private.send_event_reminders(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    sent integer := 0;
    rsvp record;
begin
    for rsvp in
        update public.event_rsvps r set reminder_sent = true
        from public.events e
        where e.id = r.event_id and not r.reminder_sent
          and r.id in (select p.id from public.event_rsvps p
                       join public.events u on u.id = p.event_id
                       where u.status = 'scheduled' and not p.reminder_sent and p.status in ('going', 'interested')
                         and u.event_date > private.now() and u.event_date <= private.now() + interval '24 hours'
                       order by u.event_date limit p_batch for update of p skip locked)
        returning r.user_id, e.id as event_id, e.title, e.event_date, e.event_url, e.location
    loop
        perform private.notify(rsvp.user_id, 'event_reminder',
            jsonb_build_object('event_date', rsvp.event_date, 'event_url', rsvp.event_url, 'location', rsvp.location),
            reference_type => 'event', reference_id => rsvp.event_id,
            title => format('%s starts %s', rsvp.title, to_char(rsvp.event_date at time zone 'UTC',
                                                                 'YYYY-MM-DD HH24:MI "UTC"')));
        sent := sent + 1;
    end loop;
    return sent;
end
$$;
revoke execute on function private.send_event_reminders(integer) from public;
grant execute on function private.send_event_reminders(integer) to service_role;

-- ---------------------------------------------------------------------------
-- Views and shares, once per viewer and UTC day (the Watch rule of content_views)
-- ---------------------------------------------------------------------------

-- A counted view or share bumps its subject's counter.
create or replace function private.count_daily()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    case new.subject || ':' || new.counter
        when 'discussion:view' then
            update public.discussions d set view_count = d.view_count + 1 where d.id = new.subject_id;
        when 'fan_content:view' then
            update public.fan_contents f set view_count = f.view_count + 1 where f.id = new.subject_id;
        when 'fan_content:share' then
            update public.fan_contents f set share_count = f.share_count + 1 where f.id = new.subject_id;
        when 'product:view' then
            update public.products p set view_count = p.view_count + 1 where p.id = new.subject_id;
    end case;
    return null;
end
$$;
revoke execute on function private.count_daily() from public;

create or replace trigger count_daily after insert on private.daily_counts
for each row execute function private.count_daily();

-- Count the caller's view (or share) of a discussion, fan content or product: once per viewer
-- and UTC day; true when this call counted it. Invoker rights: the insert policy admits only
-- a subject the caller can read (its own select policy decides), else PT404.
create or replace function public.record_view(subject text, subject_id uuid, counter text default 'view')
returns boolean
language plpgsql
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    counted integer;
begin
    if subject is null or subject not in ('discussion', 'fan_content', 'product')
       or counter is null or counter not in ('view', 'share') or (counter = 'share' and subject <> 'fan_content') then
        raise exception 'views are counted for a discussion, fan_content or product; shares for fan_content'
            using errcode = '22023';
    end if;
    begin
        insert into private.daily_counts (subject, subject_id, counter, user_id, counted_on)
        values (record_view.subject, record_view.subject_id, record_view.counter, uid, (now() at time zone 'UTC')::date)
        on conflict do nothing;
    exception when insufficient_privilege then
        raise exception '% not found', replace(subject, '_', ' ') using errcode = 'PT404';
    end;
    get diagnostics counted = row_count;
    return counted = 1;
end
$$;
revoke execute on function public.record_view(text, uuid, text) from public, anon;
grant execute on function public.record_view(text, uuid, text) to authenticated;

-- Each content row takes community_hidden from its community (private.inherit_community_hidden);
-- named z_ to fire after the rules above that derive community_id (triggers of one event fire in
-- name order).
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.discussions for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.fan_contents for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.discussion_comments for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.fan_content_comments for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.discussion_votes for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.discussion_poll_votes for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.fan_content_likes for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.events for each row execute function private.inherit_community_hidden();
create or replace trigger z_community_hidden before insert or update of community_id, community_hidden
on public.event_rsvps for each row execute function private.inherit_community_hidden();
