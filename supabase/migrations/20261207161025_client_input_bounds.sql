-- Every text, jsonb and array column a client may write gets a size bound (issue 23, item 16):
-- a discussion took 1 MiB of attachments, 50,000 tags and 20,000 poll options. Oversized input
-- is refused with 23514 naming the constraint, `<table>_<column>_size`. The named limits
-- (docs/tenancy.md, "Bounds"), per kind of column:
--   label           200 characters      names, codes, categories, genres, languages, models, ids of others
--   title           500 characters      titles, loglines, meta text, e-mail addresses
--   url             2,048 characters    URLs and storage paths
--   text            40,000 characters   descriptions, bodies, prompts, notes (as discussions' content)
--   long text       200,000 characters  chapter, story and script bodies (the importer cuts chapters at
--                                       100,000), rendered HTML of posts
--   document        64 KiB              jsonb (pg_column_size)
--   large document  1 MiB               book structures, scene breakdowns, workflow graphs, template specs
--   list            100 items, 64 KiB   arrays, and jsonb lists (tags, attachments, poll options, images …)
-- Columns that already had a cap (a length check, an enumeration, an anchored pattern) keep it.
-- tests/py/test_guard.py fails on any client-writable column left without one.

alter table public.animations
    add constraint animations_ai_prompt_size check (char_length(ai_prompt) <= 40000),
    add constraint animations_beat_name_size check (char_length(beat_name) <= 200),
    add constraint animations_error_message_size check (char_length(error_message) <= 40000),
    add constraint animations_generation_params_size check (pg_column_size(generation_params) <= 65536),
    add constraint animations_preview_image_url_size check (char_length(preview_image_url) <= 2048),
    add constraint animations_style_size check (char_length(style) <= 200),
    add constraint animations_video_url_size check (char_length(video_url) <= 2048);

alter table public.asset_versions
    add constraint asset_versions_metadata_size check (pg_column_size(metadata) <= 65536),
    add constraint asset_versions_storage_path_size check (char_length(storage_path) <= 2048),
    add constraint asset_versions_url_size check (char_length(url) <= 2048);

alter table public.assets
    add constraint assets_ai_prompt_size check (char_length(ai_prompt) <= 40000),
    add constraint assets_alt_text_size check (char_length(alt_text) <= 500),
    add constraint assets_category_size check (char_length(category) <= 200),
    add constraint assets_cdn_url_size check (char_length(cdn_url) <= 2048),
    add constraint assets_codec_size check (char_length(codec) <= 200),
    add constraint assets_description_size check (char_length(description) <= 40000),
    add constraint assets_filename_size check (char_length(filename) <= 500),
    add constraint assets_metadata_size check (pg_column_size(metadata) <= 65536),
    add constraint assets_mime_type_size check (char_length(mime_type) <= 200),
    add constraint assets_optimized_urls_size check (pg_column_size(optimized_urls) <= 65536),
    add constraint assets_original_name_size check (char_length(original_name) <= 500),
    add constraint assets_storage_bucket_size check (char_length(storage_bucket) <= 200),
    add constraint assets_storage_path_size check (char_length(storage_path) <= 2048),
    add constraint assets_tags_size check (cardinality(tags) <= 100 and pg_column_size(tags) <= 65536),
    add constraint assets_thumbnail_url_size check (char_length(thumbnail_url) <= 2048),
    add constraint assets_title_size check (char_length(title) <= 500),
    add constraint assets_url_size check (char_length(url) <= 2048);

alter table public.badges
    add constraint badges_criteria_size check (pg_column_size(criteria) <= 65536),
    add constraint badges_icon_url_size check (char_length(icon_url) <= 2048);

alter table public.book_structure
    add constraint book_structure_structure_data_size check (pg_column_size(structure_data) <= 1048576);

alter table public.books
    add constraint books_cover_url_size check (char_length(cover_url) <= 2048),
    add constraint books_description_size check (char_length(description) <= 40000),
    add constraint books_file_url_size check (char_length(file_url) <= 2048),
    add constraint books_language_size check (char_length(language) <= 200),
    add constraint books_metadata_size check (pg_column_size(metadata) <= 65536);

alter table public.brand_policies
    add constraint brand_policies_brand_description_size check (char_length(brand_description) <= 40000),
    add constraint brand_policies_brand_name_size check (char_length(brand_name) <= 200),
    add constraint brand_policies_color_palette_size check (pg_column_size(color_palette) <= 65536),
    add constraint brand_policies_duration_guidelines_size check (pg_column_size(duration_guidelines) <= 65536),
    add constraint brand_policies_logo_assets_size check (pg_column_size(logo_assets) <= 65536),
    add constraint brand_policies_messaging_guidelines_size check (char_length(messaging_guidelines) <= 40000),
    add constraint brand_policies_preferred_formats_size check (cardinality(preferred_formats) <= 100 and pg_column_size(preferred_formats) <= 65536),
    add constraint brand_policies_preferred_keywords_size check (cardinality(preferred_keywords) <= 100 and pg_column_size(preferred_keywords) <= 65536),
    add constraint brand_policies_prohibited_content_size check (cardinality(prohibited_content) <= 100 and pg_column_size(prohibited_content) <= 65536),
    add constraint brand_policies_required_disclaimers_size check (cardinality(required_disclaimers) <= 100 and pg_column_size(required_disclaimers) <= 65536),
    add constraint brand_policies_resolution_requirements_size check (pg_column_size(resolution_requirements) <= 65536),
    add constraint brand_policies_tone_of_voice_size check (char_length(tone_of_voice) <= 40000),
    add constraint brand_policies_typography_size check (pg_column_size(typography) <= 65536);

alter table public.campaigns
    add constraint campaigns_banner_url_size check (char_length(banner_url) <= 2048),
    add constraint campaigns_challenges_size check (char_length(challenges) <= 40000),
    add constraint campaigns_description_size check (char_length(description) <= 40000),
    add constraint campaigns_gallery_size check (pg_column_size(gallery) <= 65536
        and case jsonb_typeof(gallery) when 'array' then jsonb_array_length(gallery) <= 100 else true end),
    add constraint campaigns_poster_url_size check (char_length(poster_url) <= 2048),
    add constraint campaigns_risks_size check (char_length(risks) <= 40000),
    add constraint campaigns_story_size check (char_length(story) <= 40000),
    add constraint campaigns_tags_size check (pg_column_size(tags) <= 65536
        and case jsonb_typeof(tags) when 'array' then jsonb_array_length(tags) <= 100 else true end),
    add constraint campaigns_video_url_size check (char_length(video_url) <= 2048);

alter table public.chapter_scripts
    add constraint chapter_scripts_acts_size check (pg_column_size(acts) <= 1048576),
    add constraint chapter_scripts_beats_size check (pg_column_size(beats) <= 1048576),
    add constraint chapter_scripts_character_arcs_size check (pg_column_size(character_arcs) <= 65536),
    add constraint chapter_scripts_character_details_size check (pg_column_size(character_details) <= 65536),
    add constraint chapter_scripts_generation_metadata_size check (pg_column_size(generation_metadata) <= 65536),
    add constraint chapter_scripts_scenes_size check (pg_column_size(scenes) <= 1048576);

alter table public.chapters
    add constraint chapters_ai_content_size check (pg_column_size(ai_content) <= 1048576),
    add constraint chapters_content_size check (char_length(content) <= 200000),
    add constraint chapters_summary_size check (char_length(summary) <= 40000),
    add constraint chapters_title_size check (char_length(title) <= 500);

alter table public.characters
    add constraint characters_archetype_size check (char_length(archetype) <= 200),
    add constraint characters_archetypes_size check (cardinality(archetypes) <= 100 and pg_column_size(archetypes) <= 65536),
    add constraint characters_cast_reference_size check (char_length(cast_reference) <= 40000),
    add constraint characters_character_arc_size check (char_length(character_arc) <= 40000),
    add constraint characters_core_beliefs_size check (pg_column_size(core_beliefs) <= 65536),
    add constraint characters_educational_size check (pg_column_size(educational) <= 65536),
    add constraint characters_emotional_size check (pg_column_size(emotional) <= 65536),
    add constraint characters_family_size check (pg_column_size(family) <= 65536),
    add constraint characters_generation_method_size check (char_length(generation_method) <= 200),
    add constraint characters_ghost_size check (char_length(ghost) <= 40000),
    add constraint characters_image_generation_prompt_size check (char_length(image_generation_prompt) <= 40000),
    add constraint characters_image_metadata_size check (pg_column_size(image_metadata) <= 65536),
    add constraint characters_image_poses_size check (pg_column_size(image_poses) <= 65536),
    add constraint characters_image_url_size check (char_length(image_url) <= 2048),
    add constraint characters_lie_size check (char_length(lie) <= 40000),
    add constraint characters_model_used_size check (char_length(model_used) <= 200),
    add constraint characters_need_size check (char_length(need) <= 40000),
    add constraint characters_personality_size check (char_length(personality) <= 40000),
    add constraint characters_physical_description_size check (char_length(physical_description) <= 40000),
    add constraint characters_physiological_size check (pg_column_size(physiological) <= 65536),
    add constraint characters_psychological_size check (pg_column_size(psychological) <= 65536),
    add constraint characters_relationships_size check (pg_column_size(relationships) <= 65536),
    add constraint characters_sociocultural_size check (pg_column_size(sociocultural) <= 65536),
    add constraint characters_sociopolitics_size check (pg_column_size(sociopolitics) <= 65536),
    add constraint characters_swot_analysis_size check (pg_column_size(swot_analysis) <= 65536),
    add constraint characters_transformation_size check (char_length(transformation) <= 40000),
    add constraint characters_want_size check (char_length(want) <= 40000);

alter table public.communities
    add constraint communities_auto_mod_settings_size check (pg_column_size(auto_mod_settings) <= 65536),
    add constraint communities_avatar_url_size check (char_length(avatar_url) <= 2048),
    add constraint communities_banner_url_size check (char_length(banner_url) <= 2048),
    add constraint communities_rules_size check (pg_column_size(rules) <= 65536),
    add constraint communities_settings_size check (pg_column_size(settings) <= 65536);

alter table public.community_members
    add constraint community_members_notification_settings_size check (pg_column_size(notification_settings) <= 65536);

alter table public.content_episodes
    add constraint content_episodes_description_size check (char_length(description) <= 40000),
    add constraint content_episodes_hls_url_size check (char_length(hls_url) <= 2048),
    add constraint content_episodes_thumbnail_url_size check (char_length(thumbnail_url) <= 2048),
    add constraint content_episodes_video_url_size check (char_length(video_url) <= 2048);

alter table public.content_seasons
    add constraint content_seasons_description_size check (char_length(description) <= 40000),
    add constraint content_seasons_poster_url_size check (char_length(poster_url) <= 2048);

alter table public.contents
    add constraint contents_banner_url_size check (char_length(banner_url) <= 2048),
    add constraint contents_cast_list_size check (pg_column_size(cast_list) <= 65536),
    add constraint contents_content_warnings_size check (pg_column_size(content_warnings) <= 65536
        and case jsonb_typeof(content_warnings) when 'array' then jsonb_array_length(content_warnings) <= 100 else true end),
    add constraint contents_country_size check (char_length(country) <= 200),
    add constraint contents_crew_list_size check (pg_column_size(crew_list) <= 65536),
    add constraint contents_dash_url_size check (char_length(dash_url) <= 2048),
    add constraint contents_description_size check (char_length(description) <= 40000),
    add constraint contents_drm_key_id_size check (char_length(drm_key_id) <= 200),
    add constraint contents_embedding_model_size check (char_length(embedding_model) <= 200),
    add constraint contents_hls_url_size check (char_length(hls_url) <= 2048),
    add constraint contents_languages_size check (pg_column_size(languages) <= 65536
        and case jsonb_typeof(languages) when 'array' then jsonb_array_length(languages) <= 100 else true end),
    add constraint contents_meta_description_size check (char_length(meta_description) <= 500),
    add constraint contents_poster_url_size check (char_length(poster_url) <= 2048),
    add constraint contents_production_company_size check (char_length(production_company) <= 200),
    add constraint contents_sub_genres_size check (pg_column_size(sub_genres) <= 65536
        and case jsonb_typeof(sub_genres) when 'array' then jsonb_array_length(sub_genres) <= 100 else true end),
    add constraint contents_subtitles_size check (pg_column_size(subtitles) <= 65536
        and case jsonb_typeof(subtitles) when 'array' then jsonb_array_length(subtitles) <= 100 else true end),
    add constraint contents_synopsis_size check (char_length(synopsis) <= 40000),
    add constraint contents_thumbnail_url_size check (char_length(thumbnail_url) <= 2048),
    add constraint contents_trailer_url_size check (char_length(trailer_url) <= 2048),
    add constraint contents_video_url_size check (char_length(video_url) <= 2048);

alter table public.discount_codes
    add constraint discount_codes_categories_size check (cardinality(categories) <= 100 and pg_column_size(categories) <= 65536),
    add constraint discount_codes_description_size check (char_length(description) <= 40000),
    add constraint discount_codes_product_ids_size check (cardinality(product_ids) <= 100 and pg_column_size(product_ids) <= 65536);

alter table public.discussion_comments
    add constraint discussion_comments_content_html_size check (char_length(content_html) <= 200000);

alter table public.discussions
    add constraint discussions_attachments_size check (pg_column_size(attachments) <= 65536
        and case jsonb_typeof(attachments) when 'array' then jsonb_array_length(attachments) <= 100 else true end),
    add constraint discussions_content_html_size check (char_length(content_html) <= 200000),
    add constraint discussions_poll_options_size check (pg_column_size(poll_options) <= 65536
        and case jsonb_typeof(poll_options) when 'array' then jsonb_array_length(poll_options) <= 100 else true end),
    add constraint discussions_tags_size check (pg_column_size(tags) <= 65536
        and case jsonb_typeof(tags) when 'array' then jsonb_array_length(tags) <= 100 else true end);

alter table public.events
    add constraint events_cover_image_url_size check (char_length(cover_image_url) <= 2048),
    add constraint events_event_url_size check (char_length(event_url) <= 2048),
    add constraint events_timezone_size check (char_length(timezone) <= 200);

alter table public.fan_contents
    add constraint fan_contents_tags_size check (pg_column_size(tags) <= 65536
        and case jsonb_typeof(tags) when 'array' then jsonb_array_length(tags) <= 100 else true end),
    add constraint fan_contents_thumbnail_url_size check (char_length(thumbnail_url) <= 2048),
    add constraint fan_contents_video_embed_url_size check (char_length(video_embed_url) <= 2048);

alter table public.feedback
    add constraint feedback_attachments_size check (pg_column_size(attachments) <= 65536
        and case jsonb_typeof(attachments) when 'array' then jsonb_array_length(attachments) <= 100 else true end),
    add constraint feedback_category_size check (char_length(category) <= 200),
    add constraint feedback_content_size check (char_length(content) <= 40000),
    add constraint feedback_title_size check (char_length(title) <= 500);

alter table public.investment_tiers
    add constraint investment_tiers_benefits_size check (pg_column_size(benefits) <= 65536
        and case jsonb_typeof(benefits) when 'array' then jsonb_array_length(benefits) <= 100 else true end),
    add constraint investment_tiers_description_size check (char_length(description) <= 40000),
    add constraint investment_tiers_nft_collection_id_size check (char_length(nft_collection_id) <= 200),
    add constraint investment_tiers_reward_items_size check (pg_column_size(reward_items) <= 65536
        and case jsonb_typeof(reward_items) when 'array' then jsonb_array_length(reward_items) <= 100 else true end);

alter table public.investor_rewards
    add constraint investor_rewards_download_url_size check (char_length(download_url) <= 2048);

alter table public.license_catalog
    add constraint license_catalog_asset_kit_url_size check (char_length(asset_kit_url) <= 2048),
    add constraint license_catalog_available_territories_size check (cardinality(available_territories) <= 100 and pg_column_size(available_territories) <= 65536),
    add constraint license_catalog_available_types_size check (cardinality(available_types) <= 100 and pg_column_size(available_types) <= 65536),
    add constraint license_catalog_brand_guidelines_url_size check (char_length(brand_guidelines_url) <= 2048),
    add constraint license_catalog_highlights_size check (pg_column_size(highlights) <= 65536
        and case jsonb_typeof(highlights) when 'array' then jsonb_array_length(highlights) <= 100 else true end);

alter table public.moodboards
    add constraint moodboards_ai_prompt_size check (char_length(ai_prompt) <= 40000),
    add constraint moodboards_animation_style_size check (char_length(animation_style) <= 200),
    add constraint moodboards_beat_name_size check (char_length(beat_name) <= 200),
    add constraint moodboards_color_mood_size check (char_length(color_mood) <= 200),
    add constraint moodboards_description_size check (char_length(description) <= 40000),
    add constraint moodboards_image_url_size check (char_length(image_url) <= 2048),
    add constraint moodboards_lighting_size check (char_length(lighting) <= 200),
    add constraint moodboards_notes_size check (char_length(notes) <= 40000),
    add constraint moodboards_reference_images_size check (pg_column_size(reference_images) <= 65536);

alter table public.organizations
    add constraint organizations_banner_url_size check (char_length(banner_url) <= 2048),
    add constraint organizations_billing_email_size check (char_length(billing_email) <= 500),
    add constraint organizations_description_size check (char_length(description) <= 40000),
    add constraint organizations_logo_url_size check (char_length(logo_url) <= 2048),
    add constraint organizations_plan_size check (char_length(plan) <= 200),
    add constraint organizations_settings_size check (pg_column_size(settings) <= 65536),
    add constraint organizations_stripe_customer_id_size check (char_length(stripe_customer_id) <= 200),
    add constraint organizations_stripe_subscription_id_size check (char_length(stripe_subscription_id) <= 200),
    add constraint organizations_website_size check (char_length(website) <= 2048);

alter table public.plot_overviews
    add constraint plot_overviews_audience_size check (char_length(audience) <= 40000),
    add constraint plot_overviews_generation_method_size check (char_length(generation_method) <= 200),
    add constraint plot_overviews_genre_size check (char_length(genre) <= 200),
    add constraint plot_overviews_logline_size check (char_length(logline) <= 500),
    add constraint plot_overviews_model_used_size check (char_length(model_used) <= 200),
    add constraint plot_overviews_setting_size check (char_length(setting) <= 40000),
    add constraint plot_overviews_story_type_size check (char_length(story_type) <= 200),
    add constraint plot_overviews_themes_size check (cardinality(themes) <= 100 and pg_column_size(themes) <= 65536),
    add constraint plot_overviews_tone_size check (char_length(tone) <= 40000);

alter table public.product_internals
    add constraint product_internals_digital_file_url_size check (char_length(digital_file_url) <= 2048);

alter table public.product_variants
    add constraint product_variants_image_url_size check (char_length(image_url) <= 2048),
    add constraint product_variants_options_size check (pg_column_size(options) <= 65536);

alter table public.products
    add constraint products_dimensions_size check (pg_column_size(dimensions) <= 65536),
    add constraint products_images_size check (pg_column_size(images) <= 65536
        and case jsonb_typeof(images) when 'array' then jsonb_array_length(images) <= 100 else true end),
    add constraint products_meta_description_size check (char_length(meta_description) <= 500),
    add constraint products_thumbnail_url_size check (char_length(thumbnail_url) <= 2048),
    add constraint products_variant_options_size check (pg_column_size(variant_options) <= 65536
        and case jsonb_typeof(variant_options) when 'array' then jsonb_array_length(variant_options) <= 100 else true end);

alter table public.profiles
    add constraint profiles_avatar_url_size check (char_length(avatar_url) <= 2048),
    add constraint profiles_company_size check (char_length(company) <= 200),
    add constraint profiles_email_size check (char_length(email) <= 500),
    add constraint profiles_first_name_size check (char_length(first_name) <= 200),
    add constraint profiles_job_title_size check (char_length(job_title) <= 500),
    add constraint profiles_last_name_size check (char_length(last_name) <= 200),
    add constraint profiles_locale_size check (char_length(locale) <= 200),
    add constraint profiles_metadata_size check (pg_column_size(metadata) <= 65536),
    add constraint profiles_notification_settings_size check (pg_column_size(notification_settings) <= 65536),
    add constraint profiles_preferences_size check (pg_column_size(preferences) <= 65536),
    add constraint profiles_social_links_size check (pg_column_size(social_links) <= 65536),
    add constraint profiles_timezone_size check (char_length(timezone) <= 200),
    add constraint profiles_wallet_address_size check (char_length(wallet_address) <= 200);

alter table public.project_collaborators
    add constraint project_collaborators_custom_role_title_size check (char_length(custom_role_title) <= 500),
    add constraint project_collaborators_permissions_size check (cardinality(permissions) <= 100 and pg_column_size(permissions) <= 65536);

alter table public.projects
    add constraint projects_brand_guidelines_size check (pg_column_size(brand_guidelines) <= 65536),
    add constraint projects_brand_logos_size check (pg_column_size(brand_logos) <= 65536),
    add constraint projects_color_palette_size check (pg_column_size(color_palette) <= 65536),
    add constraint projects_description_size check (char_length(description) <= 40000),
    add constraint projects_format_size check (char_length(format) <= 200),
    add constraint projects_genre_size check (char_length(genre) <= 200),
    add constraint projects_ip_owner_size check (char_length(ip_owner) <= 200),
    add constraint projects_logo_url_size check (char_length(logo_url) <= 2048),
    add constraint projects_settings_size check (pg_column_size(settings) <= 65536),
    add constraint projects_studio_logo_url_size check (char_length(studio_logo_url) <= 2048),
    add constraint projects_studio_name_size check (char_length(studio_name) <= 200),
    add constraint projects_sub_genre_size check (char_length(sub_genre) <= 200),
    add constraint projects_target_audience_size check (char_length(target_audience) <= 40000),
    add constraint projects_target_market_size check (char_length(target_market) <= 40000),
    add constraint projects_thumbnail_mood_size check (char_length(thumbnail_mood) <= 200),
    add constraint projects_thumbnail_url_size check (char_length(thumbnail_url) <= 2048);

alter table public.prompts
    add constraint prompts_content_size check (char_length(content) <= 40000),
    add constraint prompts_style_presets_size check (pg_column_size(style_presets) <= 65536),
    add constraint prompts_tags_size check (cardinality(tags) <= 100 and pg_column_size(tags) <= 65536),
    add constraint prompts_variables_size check (pg_column_size(variables) <= 65536);

alter table public.provider_credentials
    add constraint provider_credentials_config_size check (pg_column_size(config) <= 65536),
    add constraint provider_credentials_secret_hint_size check (char_length(secret_hint) <= 200);

alter table public.scenes
    add constraint scenes_audio_description_size check (char_length(audio_description) <= 40000),
    add constraint scenes_audio_requirements_size check (pg_column_size(audio_requirements) <= 65536),
    add constraint scenes_characters_size check (pg_column_size(characters) <= 65536),
    add constraint scenes_description_size check (char_length(description) <= 40000),
    add constraint scenes_image_prompt_size check (char_length(image_prompt) <= 40000),
    add constraint scenes_key_actions_size check (pg_column_size(key_actions) <= 65536),
    add constraint scenes_location_size check (char_length(location) <= 40000),
    add constraint scenes_negative_prompt_size check (char_length(negative_prompt) <= 40000),
    add constraint scenes_style_keywords_size check (cardinality(style_keywords) <= 100 and pg_column_size(style_keywords) <= 65536),
    add constraint scenes_technical_specs_size check (pg_column_size(technical_specs) <= 65536),
    add constraint scenes_title_size check (char_length(title) <= 500),
    add constraint scenes_visual_description_size check (char_length(visual_description) <= 40000);

alter table public.schedules
    add constraint schedules_kind_size check (char_length(kind) <= 200),
    add constraint schedules_last_error_size check (char_length(last_error) <= 40000),
    add constraint schedules_request_size check (pg_column_size(request) <= 65536);

alter table public.scripts
    add constraint scripts_character_details_size check (pg_column_size(character_details) <= 65536),
    add constraint scripts_script_size check (char_length(script) <= 200000),
    add constraint scripts_story_type_size check (char_length(story_type) <= 200);

alter table public.stories
    add constraint stories_age_rating_size check (char_length(age_rating) <= 200),
    add constraint stories_ai_model_used_size check (char_length(ai_model_used) <= 200),
    add constraint stories_conflict_type_size check (char_length(conflict_type) <= 200),
    add constraint stories_content_size check (char_length(content) <= 200000),
    add constraint stories_duration_size check (char_length(duration) <= 200),
    add constraint stories_ending_type_size check (char_length(ending_type) <= 200),
    add constraint stories_format_size check (char_length(format) <= 200),
    add constraint stories_generated_script_size check (char_length(generated_script) <= 200000),
    add constraint stories_generation_metadata_size check (pg_column_size(generation_metadata) <= 65536),
    add constraint stories_genre_size check (char_length(genre) <= 200),
    add constraint stories_global_synopsis_size check (char_length(global_synopsis) <= 40000),
    add constraint stories_intensity_size check (char_length(intensity) <= 200),
    add constraint stories_key_actions_size check (pg_column_size(key_actions) <= 65536),
    add constraint stories_keywords_size check (cardinality(keywords) <= 100 and pg_column_size(keywords) <= 65536),
    add constraint stories_local_values_size check (char_length(local_values) <= 40000),
    add constraint stories_logline_size check (char_length(logline) <= 500),
    add constraint stories_moral_values_size check (char_length(moral_values) <= 40000),
    add constraint stories_plot_size check (char_length(plot) <= 40000),
    add constraint stories_premise_size check (char_length(premise) <= 40000),
    add constraint stories_prompt_used_size check (char_length(prompt_used) <= 40000),
    add constraint stories_story_type_size check (char_length(story_type) <= 200),
    add constraint stories_structure_size check (char_length(structure) <= 40000),
    add constraint stories_structure_beats_size check (pg_column_size(structure_beats) <= 65536),
    add constraint stories_structured_content_size check (pg_column_size(structured_content) <= 1048576),
    add constraint stories_sub_genre_size check (char_length(sub_genre) <= 200),
    add constraint stories_sub_theme_size check (char_length(sub_theme) <= 40000),
    add constraint stories_synopsis_size check (char_length(synopsis) <= 40000),
    add constraint stories_target_audience_size check (char_length(target_audience) <= 40000),
    add constraint stories_target_market_size check (char_length(target_market) <= 40000),
    add constraint stories_theme_size check (char_length(theme) <= 40000),
    add constraint stories_title_size check (char_length(title) <= 500),
    add constraint stories_tone_size check (char_length(tone) <= 40000),
    add constraint stories_twist_size check (char_length(twist) <= 40000),
    add constraint stories_want_need_matrix_size check (pg_column_size(want_need_matrix) <= 65536);

alter table public.templates
    add constraint templates_spec_size check (pg_column_size(spec) <= 1048576);

alter table public.universes
    add constraint universes_description_size check (char_length(description) <= 40000),
    add constraint universes_environment_size check (pg_column_size(environment) <= 65536),
    add constraint universes_history_size check (char_length(history) <= 40000),
    add constraint universes_name_size check (char_length(name) <= 200),
    add constraint universes_private_systems_size check (pg_column_size(private_systems) <= 65536),
    add constraint universes_public_systems_size check (pg_column_size(public_systems) <= 65536),
    add constraint universes_rules_size check (pg_column_size(rules) <= 65536),
    add constraint universes_visualizations_size check (pg_column_size(visualizations) <= 65536);

alter table public.webhooks
    add constraint webhooks_description_size check (char_length(description) <= 40000),
    add constraint webhooks_events_size check (cardinality(events) <= 100 and pg_column_size(events) <= 65536),
    add constraint webhooks_url_size check (char_length(url) <= 2048);

alter table public.workflows
    add constraint workflows_graph_size check (pg_column_size(graph) <= 1048576),
    add constraint workflows_variables_size check (pg_column_size(variables) <= 65536);
