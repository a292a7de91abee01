-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "protect_columns" on "public"."campaign_updates";

drop trigger if exists "protect_columns" on "public"."campaigns";

drop trigger if exists "protect_columns" on "public"."content_episodes";

drop trigger if exists "protect_columns" on "public"."content_ratings";

drop trigger if exists "protect_columns" on "public"."content_seasons";

drop trigger if exists "protect_columns" on "public"."contents";

drop trigger if exists "protect_columns" on "public"."generations";

drop trigger if exists "protect_columns" on "public"."investment_tiers";

drop trigger if exists "protect_columns" on "public"."organizations";

drop trigger if exists "protect_columns" on "public"."profiles";

drop trigger if exists "protect_columns" on "public"."provider_credentials";

drop trigger if exists "protect_columns" on "public"."schedules";

drop trigger if exists "protect_columns" on "public"."templates";

drop trigger if exists "protect_columns" on "public"."webhooks";

drop trigger if exists "protect_columns" on "public"."workflows";

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'author_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'status', 'raised_amount_cents', 'backer_count', 'update_count', 'is_verified', 'verified_at', 'submitted_at', 'launched_at', 'goal_reached_at', 'funded_at', 'failed_at', 'completed_at', 'cancelled_at', 'project_deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'season_id', 'content_id', 'organization_id', 'project_id', 'season_number', 'view_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'user_id', 'content_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'content_id', 'organization_id', 'project_id', 'season_number', 'episode_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'view_count', 'like_count', 'completion_count', 'rating_sum', 'rating_count', 'season_count', 'episode_count', 'embedding', 'embedding_model', 'published_at', 'project_deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generations FOR EACH ROW WHEN ((CURRENT_USER = ANY (ARRAY['anon'::name, 'authenticated'::name]))) EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'user_id', 'kind', 'parent_id', 'hold_id', 'estimated_credits', 'actual_credits', 'status', 'paid_by', 'provider_credential_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'sold_quantity');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'slug', 'is_personal', 'primary_owner_user_id', 'created_by', 'plan', 'stripe_customer_id', 'stripe_subscription_id', 'storage_used_bytes', 'storage_limit_bytes', 'trial_ends_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'email', 'modo_tokens', 'status', 'last_login_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'provider', 'secret_hint', 'usage_count', 'last_used_at', 'last_validated_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'kind', 'last_run_at', 'last_generation_id', 'run_count', 'next_run_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'version', 'usage_count', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'last_triggered_at', 'failure_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'current_version', 'run_count', 'last_run_at', 'deleted_at');
