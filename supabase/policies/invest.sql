-- RLS policies for Invest. Launched campaigns (active, funded, failed, completed) are public;
-- drafts, campaigns in review and cancelled ones are seen by their organization (and a
-- cancelled one by its investors). Investors see their own investments, rewards and
-- payouts; the organization sees backers only through public.campaign_backers().

-- campaigns
drop policy if exists campaigns_select on public.campaigns;
create policy campaigns_select on public.campaigns for select to anon, authenticated
using (
    project_deleted_at is null
    and (
        status in ('active', 'funded', 'failed', 'completed')
        -- not launched: whoever may read the project (a private project's drafts stay private)
        or project_id = any(array(select private.readable_project_ids()))
        or id = any(array(select private.my_invested_campaign_ids()))
    )
);

drop policy if exists campaigns_insert on public.campaigns;
create policy campaigns_insert on public.campaigns for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists campaigns_update on public.campaigns;
create policy campaigns_update on public.campaigns for update to authenticated
using (project_deleted_at is null and organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists campaigns_delete on public.campaigns;
create policy campaigns_delete on public.campaigns for delete to authenticated
using (status = 'draft' and organization_id = any(array(select private.my_org_ids('admin'))));

-- updates: public ones with their campaign; backers-only ones to confirmed backers and the
-- organization
drop policy if exists campaign_updates_select on public.campaign_updates;
create policy campaign_updates_select on public.campaign_updates for select to anon, authenticated
using (
    exists (select 1 from public.campaigns c where c.id = campaign_id)
    and (
        visibility = 'public'
        or organization_id = any(array(select private.my_org_ids()))
        or campaign_id = any(array(select private.my_backed_campaign_ids()))
    )
);

drop policy if exists campaign_updates_write on public.campaign_updates;
create policy campaign_updates_write on public.campaign_updates for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- tiers: with their campaign; written by the organization's editors
drop policy if exists investment_tiers_select on public.investment_tiers;
create policy investment_tiers_select on public.investment_tiers for select to anon, authenticated
using (exists (select 1 from public.campaigns c where c.id = campaign_id));

drop policy if exists investment_tiers_write on public.investment_tiers;
create policy investment_tiers_write on public.investment_tiers for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- investments: the investor's own
drop policy if exists investments_own on public.investments;
create policy investments_own on public.investments for select to authenticated
using (user_id = (select auth.uid()));

-- rewards: the investor's own; the organization's editors fulfil them
drop policy if exists investor_rewards_select on public.investor_rewards;
create policy investor_rewards_select on public.investor_rewards for select to authenticated
using (
    user_id = (select auth.uid())
    or organization_id = any(array(select private.my_org_ids('editor')))
);

drop policy if exists investor_rewards_fulfil on public.investor_rewards;
create policy investor_rewards_fulfil on public.investor_rewards for update to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- distributions: the organization and the campaign's backers
drop policy if exists revenue_distributions_select on public.revenue_distributions;
create policy revenue_distributions_select on public.revenue_distributions for select to authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    or campaign_id = any(array(select private.my_invested_campaign_ids()))
);

-- payouts: the investor's own; the organization's admins, who pay them
drop policy if exists investor_payouts_select on public.investor_payouts;
create policy investor_payouts_select on public.investor_payouts for select to authenticated
using (
    user_id = (select auth.uid())
    or organization_id = any(array(select private.my_org_ids('admin')))
);
