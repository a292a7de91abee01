-- RLS policies for billing. Members read their organization's billing rows; nothing is
-- written through the API: the SQL functions (service_role) write them.

drop policy if exists plans_select on public.plans;
create policy plans_select on public.plans for select to anon, authenticated
using (is_public);

-- members read their organization's rows; one policy shape for every table of the family

-- subscriptions
drop policy if exists subscriptions_select on public.subscriptions;
create policy subscriptions_select on public.subscriptions for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- subscription history
drop policy if exists subscription_history_select on public.subscription_history;
create policy subscription_history_select on public.subscription_history for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- credit balances
drop policy if exists credit_balances_select on public.credit_balances;
create policy credit_balances_select on public.credit_balances for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- credit transactions
drop policy if exists credit_transactions_select on public.credit_transactions;
create policy credit_transactions_select on public.credit_transactions for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- credit holds
drop policy if exists credit_holds_select on public.credit_holds;
create policy credit_holds_select on public.credit_holds for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- quota limits
drop policy if exists quota_limits_select on public.quota_limits;
create policy quota_limits_select on public.quota_limits for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- daily spend
drop policy if exists daily_spend_select on public.daily_spend;
create policy daily_spend_select on public.daily_spend for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- invoices
drop policy if exists invoices_select on public.invoices;
create policy invoices_select on public.invoices for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- usage events
drop policy if exists usage_events_select on public.usage_events;
create policy usage_events_select on public.usage_events for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- cost aggregations
drop policy if exists cost_aggregations_select on public.cost_aggregations;
create policy cost_aggregations_select on public.cost_aggregations for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

drop policy if exists api_call_counters_select on public.api_call_counters;
create policy api_call_counters_select on public.api_call_counters for select to authenticated
using (user_id = (select auth.uid()));
