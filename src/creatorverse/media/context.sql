-- name: scene
select * from public.scenes where id = %(scene)s and organization_id = %(org)s;

-- name: brand_style
select brand_name, color_palette, typography, prohibited_content from public.brand_policies
where organization_id = %(org)s and deleted_at is null and (project_id = %(project)s or is_default)
order by (project_id is not distinct from %(project)s) desc, is_default desc, created_at
limit 1;

-- name: inputs
select gi.role, gi.sequence_order, gi.transform_params, gi.input_generation_id,
       g.status, g.prompt, g.result, g.duration_ms, a.storage_path, a.mime_type
from public.generation_inputs gi
left join public.generations g on g.id = gi.input_generation_id
left join public.assets a on a.id = coalesce(gi.asset_id, g.output_asset_id)
     and a.organization_id = gi.organization_id and a.deleted_at is null
where gi.generation_id = %(generation)s
order by gi.sequence_order, gi.created_at;

-- name: asset_path
select storage_path from public.assets where id = %(asset)s and organization_id = %(org)s;

-- name: insert_scene
-- a scene of a script as the film pipeline reads it (also written by the chapter_script job)
insert into public.scenes (
    script_id, scene_number, title, description, location, time_of_day, characters, visual_description,
    audio_requirements
) values (
    %(script)s, %(number)s, %(title)s, %(description)s, %(location)s, %(time_of_day)s, %(characters)s,
    %(visual_description)s, %(audio_requirements)s
);
