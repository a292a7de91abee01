-- Badges and progress: user_progress kept by triggers on the tables where things happen
-- (books, video assets, quiz completions, posts, comments, paid orders); badges awarded by
-- triggers when a criterion is reached, exactly once (unique (user_id, badge_id)); XP from
-- badges; NFT mint records for earned badges.

-- Add `delta` to one progress counter of `who` (the row is created on first use).
create or replace function private.add_progress(who uuid, counter text, delta bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    if who is null or delta = 0 then
        return;
    end if;
    if counter not in ('total_xp', 'videos_created', 'books_uploaded', 'quizzes_completed', 'posts_created',
                       'comments_created', 'total_spent_cents') then
        raise exception 'unknown progress counter %', counter using errcode = '22023';
    end if;
    execute format(
        'insert into public.user_progress as p (user_id, %1$I) values ($1, greatest($2, 0))
         on conflict (user_id) do update set %1$I = greatest(p.%1$I + $2, 0), updated_at = now()', counter)
    using who, delta;
end
$$;
revoke execute on function private.add_progress(uuid, text, bigint) from public;

-- Award a badge once: XP and a notification only the first time. True when newly awarded.
-- earning_context: the badge's criterion, plus `context`.
create or replace function private.grant_badge(who uuid, badge public.badges, awarded_by uuid, context jsonb)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    new_id uuid;
begin
    insert into public.user_badges (user_id, badge_id, community_id, awarded_by, earning_context)
    values (who, badge.id, badge.community_id, awarded_by,
            jsonb_build_object('criteria_type', badge.criteria_type, 'criteria_value', badge.criteria_value)
            || coalesce(context, '{}'))
    on conflict (user_id, badge_id) do nothing
    returning id into new_id;
    if new_id is null then
        return false;
    end if;
    perform private.add_progress(who, 'total_xp', badge.xp_reward);
    perform private.notify(who, 'badge',
        jsonb_build_object('badge_id', badge.id, 'name', badge.name, 'xp_reward', badge.xp_reward,
                           'community_id', badge.community_id),
        actor => awarded_by, reference_type => 'badge', reference_id => badge.id,
        title => format('You earned the %s badge', badge.name));
    return true;
end
$$;
revoke execute on function private.grant_badge(uuid, public.badges, uuid, jsonb) from public;

-- Every active badge of `community` (null: the platform's) whose criterion `reached` (criteria
-- type -> how far `who` has come) meets, awarded to `who` unless held already.
create or replace function private.award_reached_badges(who uuid, community uuid, reached jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    badge public.badges;
begin
    for badge in
        select b.* from public.badges b
        where ((community is null and b.community_id is null) or b.community_id = community) and b.is_active
          and (reached ->> b.criteria_type)::integer >= b.criteria_value
          and not exists (select 1 from public.user_badges u where u.user_id = who and u.badge_id = b.id)
    loop
        perform private.grant_badge(who, badge, null, '{}');
    end loop;
end
$$;
revoke execute on function private.award_reached_badges(uuid, uuid, jsonb) from public;

-- Platform badges whose criterion a user's progress now meets (a progress counter by name;
-- post_count and comment_count count what was created).
create or replace function private.award_platform_badges()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.award_reached_badges(new.user_id, null, to_jsonb(new) || jsonb_build_object(
        'post_count', new.posts_created, 'comment_count', new.comments_created));
    return null;
end
$$;
revoke execute on function private.award_platform_badges() from public;

create or replace trigger award_platform_badges
after insert or update of videos_created, books_uploaded, quizzes_completed, posts_created, comments_created
on public.user_progress
for each row execute function private.award_platform_badges();

-- Community badges whose criterion a membership now meets (posts, comments, days since joining).
create or replace function private.award_community_badges()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.status in ('active', 'muted') then
        perform private.award_reached_badges(new.user_id, new.community_id, jsonb_build_object(
            'post_count', new.post_count, 'comment_count', new.comment_count,
            'tenure_days', extract(day from now() - new.joined_at)::integer));
    end if;
    return null;
end
$$;
revoke execute on function private.award_community_badges() from public;

create or replace trigger award_community_badges after update of post_count, comment_count on public.community_members
for each row execute function private.award_community_badges();

-- Duty award_tenure_badges: at most p_batch tenure badges to members who reached them
-- without posting (posting awards them at once, award_community_badges). Returns how many.
create or replace function private.award_tenure_badges(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    awarded integer := 0;
    pair record;
begin
    for pair in
        select m.user_id, b as badge
        from public.badges b
        join public.community_members m on m.community_id = b.community_id and m.status in ('active', 'muted')
        where b.criteria_type = 'tenure_days' and b.is_active
          and m.joined_at <= private.now() - make_interval(days => b.criteria_value)
          and not exists (select 1 from public.user_badges u where u.user_id = m.user_id and u.badge_id = b.id)
        limit p_batch
    loop
        if private.grant_badge(pair.user_id, pair.badge, null, '{}') then
            awarded := awarded + 1;
        end if;
    end loop;
    return awarded;
end
$$;
revoke execute on function private.award_tenure_badges(integer) from public;
grant execute on function private.award_tenure_badges(integer) to service_role;

-- Manual badges: community admins award their community's; the service role the platform's.
create or replace function public.award_badge(badge_id uuid, user_id uuid, context jsonb default '{}')
returns public.user_badges
language plpgsql
security definer
set search_path = ''
as $$
declare
    badge public.badges;
    caller uuid := private.caller_id();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (private.is_client_request(directly => false)
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'PT404';
    end if;
    if badge.criteria_type <> 'manual' then
        raise exception 'the % badge is awarded automatically', badge.name using errcode = '22023';
    end if;
    if caller = award_badge.user_id then
        raise exception 'you cannot award a badge to yourself' using errcode = '42501';
    end if;
    if badge.community_id is not null and not exists (
        select 1 from public.community_members m
        where m.community_id = badge.community_id and m.user_id = award_badge.user_id and m.status in ('active', 'muted')
    ) then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
    return result;
end
$$;
revoke execute on function public.award_badge(uuid, uuid, jsonb) from public, anon;
grant execute on function public.award_badge(uuid, uuid, jsonb) to authenticated, service_role;

create or replace trigger set_updated_at before update on public.badges
for each row execute function private.set_updated_at();
create or replace trigger protect_columns before update on public.badges
for each row execute function private.protect_columns('community_id');

-- A community badge cannot pass for a platform badge: it may not take a platform badge's name
-- (case-insensitive), and only platform badges become NFTs (public.request_badge_nft).
create or replace function private.badge_name_rules()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.community_id is not null and exists (
        select 1 from public.badges b where b.community_id is null and lower(b.name) = lower(new.name)
    ) then
        raise exception '"%" is the name of a platform badge', new.name using errcode = '23505';
    end if;
    return new;
end
$$;
revoke execute on function private.badge_name_rules() from public;

create or replace trigger badge_name_rules before insert or update of name on public.badges
for each row execute function private.badge_name_rules();

-- ---------------------------------------------------------------------------
-- Progress from where things happen
-- ---------------------------------------------------------------------------
-- Studio progress counts each user's real, live objects: a video asset whose file the service
-- measured (bytes and checksum, which clients cannot write) that is ready and not deleted
-- (videos_created), a book with at least one live chapter and not
-- deleted (books_uploaded). It moves by delta whenever a row enters or leaves that state, so
-- inserting and deleting rows, empty or not, never adds up beyond what the user really holds;
-- the actor is the row's uploaded_by / created_by, which clients cannot set (private.client_defaults)
-- or change (private.protect_columns). Quizzes are recorded once by the grader.
create or replace function private.counts_as_progress(studio_row jsonb, table_name text)
returns boolean
language sql
immutable
set search_path = ''
as $$
    select studio_row is not null and studio_row ->> 'deleted_at' is null
       and case table_name
               when 'assets' then studio_row ->> 'type' = 'video' and studio_row ->> 'status' = 'ready'
                                  and (studio_row ->> 'size_bytes')::bigint > 0
                                  and studio_row -> 'metadata' ? 'checksum_sha256'
               when 'books' then (studio_row ->> 'total_chapters')::integer > 0
           end
$$;
revoke execute on function private.counts_as_progress(jsonb, text) from public;

create or replace function private.progress_from_studio()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    actor_column constant text := case tg_table_name when 'assets' then 'uploaded_by' else 'created_by' end;
    counter constant text := case tg_table_name when 'assets' then 'videos_created' else 'books_uploaded' end;
    old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
begin
    if tg_table_name = 'quiz_completions' then
        perform private.add_progress(new.user_id, 'quizzes_completed', 1);
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) and private.counts_as_progress(new_row, tg_table_name)
       and old_row ->> actor_column is not distinct from new_row ->> actor_column then
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) then
        perform private.add_progress((old_row ->> actor_column)::uuid, counter, -1);
    end if;
    if private.counts_as_progress(new_row, tg_table_name) then
        perform private.add_progress((new_row ->> actor_column)::uuid, counter, 1);
    end if;
    return null;
end
$$;
revoke execute on function private.progress_from_studio() from public;

create or replace trigger count_progress after insert or delete or update of total_chapters, deleted_at, created_by
on public.books
for each row execute function private.progress_from_studio();
create or replace trigger count_progress
after insert or delete or update of type, status, size_bytes, metadata, deleted_at, uploaded_by on public.assets
for each row execute function private.progress_from_studio();
create or replace trigger count_progress after insert on public.quiz_completions
for each row execute function private.progress_from_studio();

-- total_spent: what a buyer paid for orders, less what was refunded.
create or replace function private.progress_from_orders()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    before_net bigint := case when old.payment_status in ('paid', 'partially_refunded', 'refunded')
                              then old.total_cents - old.refunded_cents else 0 end;
    after_net bigint := case when new.payment_status in ('paid', 'partially_refunded', 'refunded')
                             then new.total_cents - new.refunded_cents else 0 end;
begin
    perform private.add_progress(new.user_id, 'total_spent_cents', after_net - before_net);
    return null;
end
$$;
revoke execute on function private.progress_from_orders() from public;

create or replace trigger count_progress after update of payment_status, refunded_cents on public.orders
for each row execute function private.progress_from_orders();

-- ---------------------------------------------------------------------------
-- NFTs: the owner of an earned badge asks for a mint; the minting worker records it.
-- ---------------------------------------------------------------------------
create or replace function public.request_badge_nft(user_badge_id uuid, blockchain text default 'polygon')
returns public.nfts
language plpgsql
security definer
set search_path = ''
as $$
declare
    earned public.user_badges;
    badge public.badges;
    result public.nfts;
begin
    select u.* into earned from public.user_badges u
    where u.id = request_badge_nft.user_badge_id and u.user_id = private.require_user();
    if earned.id is null then
        raise exception 'badge not found' using errcode = 'PT404';
    end if;
    if blockchain not in ('polygon', 'ethereum', 'solana', 'base') then
        raise exception 'unsupported blockchain %', blockchain using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = earned.badge_id;
    if badge.community_id is not null then
        raise exception 'only platform badges are minted as NFTs, % is a community badge', badge.name
            using errcode = '22023';
    end if;
    insert into public.nfts (user_id, user_badge_id, blockchain, attributes)
    values (earned.user_id, earned.id, request_badge_nft.blockchain,
            jsonb_build_object('badge', badge.name, 'rarity', badge.rarity, 'awarded_at', earned.awarded_at))
    on conflict on constraint nfts_user_badge_id_key do nothing
    returning * into result;
    if result.id is null then
        raise exception 'this badge is already minted or being minted' using errcode = '23505';
    end if;
    return result;
end
$$;
revoke execute on function public.request_badge_nft(uuid, text) from public, anon;
grant execute on function public.request_badge_nft(uuid, text) to authenticated;

create or replace function public.record_nft_mint(
    nft_id uuid, new_status text, asset_id text default null, transaction_id text default null,
    metadata_uri text default null, image_uri text default null, error_message text default null
)
returns public.nfts
language plpgsql
security definer
set search_path = ''
as $$
declare
    result public.nfts;
begin
    if new_status not in ('minting', 'minted', 'failed') then
        raise exception 'a mint is minting, minted or failed' using errcode = '22023';
    end if;
    perform private.require_max_length(asset_id, 200, 'asset_id');
    perform private.require_max_length(transaction_id, 200, 'transaction_id');
    perform private.require_max_length(metadata_uri, 2000, 'metadata_uri');
    perform private.require_max_length(image_uri, 2000, 'image_uri');
    perform private.require_max_length(error_message, 2000, 'error_message');
    update public.nfts n
    set status = new_status,
        asset_id = coalesce(record_nft_mint.asset_id, n.asset_id),
        transaction_id = coalesce(record_nft_mint.transaction_id, n.transaction_id),
        metadata_uri = coalesce(record_nft_mint.metadata_uri, n.metadata_uri),
        image_uri = coalesce(record_nft_mint.image_uri, n.image_uri),
        error_message = record_nft_mint.error_message,
        minted_at = case when new_status = 'minted' then now() end,
        updated_at = now()
    where n.id = record_nft_mint.nft_id and n.status <> 'minted'
    returning * into result;
    if result.id is null then
        raise exception 'mint not found or already minted' using errcode = 'PT404';
    end if;
    perform private.notify(result.user_id, 'badge', jsonb_build_object('nft_id', result.id, 'status', result.status),
                           reference_type => 'badge', reference_id => result.user_badge_id,
                           title => format('Your badge NFT is %s', result.status))
    where new_status in ('minted', 'failed');
    return result;
end
$$;
revoke execute on function public.record_nft_mint(uuid, text, text, text, text, text, text) from public, anon, authenticated;
grant execute on function public.record_nft_mint(uuid, text, text, text, text, text, text) to service_role;
