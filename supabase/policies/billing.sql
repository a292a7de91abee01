-- RLS policies for billing. Members read their organization's billing rows; nothing is
-- written through the API: the SQL functions (service_role) write them.

drop policy if exists plans_select on public.plans;
create policy plans_select on public.plans for select to anon, authenticated
using (is_public);

-- members read their organization's rows; one policy shape for every table of the family
do $$
declare
    table_name text;
begin
    foreach table_name in array array[
        'subscriptions', 'subscription_history', 'credit_balances', 'credit_transactions', 'credit_holds',
        'quota_limits', 'daily_spend', 'invoices', 'usage_events', 'cost_aggregations'
    ] loop
        execute format('drop policy if exists %I on public.%I', table_name || '_select', table_name);
        execute format('create policy %I on public.%I for select to authenticated
                        using (organization_id = any(array(select private.my_org_ids())))',
                       table_name || '_select', table_name);
    end loop;
end
$$;

drop policy if exists api_call_counters_select on public.api_call_counters;
create policy api_call_counters_select on public.api_call_counters for select to authenticated
using (user_id = (select auth.uid()));
