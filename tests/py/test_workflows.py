"""Templates and workflows: every bad document is refused by SQL, the one place the rules live
(`private.template_spec_problem`, `private.workflow_graph_problem`), and a client's save meets
the same message as SQLSTATE 22023, naming the track, overlay, placeholder, node or edge and
the field; a published workflow runs one job
per node in dependency order with real workers and the local providers, and ends in a
render with a playable video, its thumbnail and subtitles."""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from pathlib import Path

import psycopg
import pytest
from PIL import Image
from psycopg.types.json import Jsonb
from test_queue_workers import charged_once, ledger_holds, make_studio

from creatorverse.media import subtitles
from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.local import ffmpeg
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers.engine import Worker, WorkerConfig

SPEC = {  # Fenta's sample template, small
    "tracks": [
        {"type": "video", "id": "main", "z": 0},
        {"type": "subtitle", "id": "subs", "z": 10, "style": {"font": "Inter", "size": 44}},
        {"type": "overlay", "id": "top_text", "z": 20},
    ],
    "overlays": [{"track": "top_text", "from": 0, "to": 3, "content": {"type": "text", "text": "BREAKING STORY"}}],
    "placeholders": {"cover": "image", "logo": "image_optional", "music": "audio_optional"},
    "rules": {"cuts": "auto_by_beats_or_speech", "min_scene": 1.2, "max_scene": 4.0},
    "subtitle_style_presets": ["karaoke_bounce", "clean_box"],
}


def graph(template_id: str = "00000000-0000-0000-0000-000000000000", cover: str = "{{cover}}") -> dict:
    """Fenta's sample workflow graph (ports left implicit, as in the seed)."""
    stock = {"provider": "pexels", "query": "harbor at dawn", "width": 160, "height": 90}
    timeline = {"template_id": template_id, "fps": 12, "placeholders": {"cover": cover}}
    return {
        "nodes": [
            {"id": "n1", "type": "Input.Stock", "params": stock},
            {"id": "n2", "type": "Script.Generate", "params": {"genre": "news", "lang": "en", "text": "{{headline}}"}},
            {"id": "n3", "type": "Voice.TTS", "params": {"voice": "en"}},
            {"id": "n4", "type": "Subtitle.Auto", "params": {"style": "clean_box"}},
            {"id": "n5", "type": "Edit.Timeline", "params": timeline},
            {"id": "n6", "type": "Output.Render", "params": {"profile": "16x9_small"}},
        ],
        "edges": [
            {"id": "e1", "from": "n1", "to": "n5"},
            {"id": "e2", "from": "n2", "to": "n3"},
            {"id": "e3", "from": "n3", "to": "n4"},
            {"id": "e4", "from": "n4", "to": "n5"},
            {"id": "e5", "from": "n5", "to": "n6"},
        ],
    }


VARIABLES = {"headline": None, "cover": None}


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


def sql_problem(admin, function: str, *args) -> str | None:
    placeholders = ", ".join(["%s"] * len(args))
    return admin.execute(f"select private.{function}({placeholders})", args).fetchone()[0]


@pytest.fixture(scope="module")
def editor(db_url):
    """An editor's organization, project and user name, for saves made as that client."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        return make_studio(conn)


def saved_as_client(admin, user: str, statement: str, params: tuple) -> psycopg.errors.InvalidParameterValue:
    """`statement` run as `user` (role authenticated, RLS on), rolled back: the refusal it meets."""
    with pytest.raises(psycopg.errors.InvalidParameterValue) as refused, admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        admin.execute(statement, params)
    return refused.value


def bad_specs() -> list[tuple[dict, str, str, str]]:
    def spec(**changes) -> dict:
        changed = copy.deepcopy(SPEC)
        for path, value in changes.items():
            target = changed
            *parents, last = path.split("__")
            for part in parents:
                target = target[int(part)] if part.isdigit() else target[part]
            target[int(last) if last.isdigit() else last] = value
        return changed

    return [
        (SPEC, "16:9", "1080x1920", "resolution: 1080x1920 does not match aspect 16:9"),
        (SPEC, "3:2", "300x200", "aspect: must be one of 9:16, 16:9, 1:1, 4:5"),
        (spec(tracks=[]), "9:16", "1080x1920", "tracks: a non-empty array of tracks is required"),
        (spec(tracks__1__type="sound"), "9:16", "1080x1920",
         'tracks[1] "subs".type: must be one of video, audio, subtitle, overlay, image'),
        (spec(tracks__2__id="main"), "9:16", "1080x1920", 'tracks[2] "main".id: duplicate track id'),
        (spec(tracks__1__z=2.5), "9:16", "1080x1920", 'tracks[1] "subs".z: must be an integer from 0 to 1000'),
        (spec(tracks__1__style="bold"), "9:16", "1080x1920", 'tracks[1] "subs".style: must be an object'),
        (spec(tracks__0__type="image"), "9:16", "1080x1920", "tracks: a video track is required"),
        (spec(overlays__0__track="subs"), "9:16", "1080x1920", 'overlays[0].track: "subs" is not an overlay track'),
        (spec(overlays__0__to=0), "9:16", "1080x1920", "overlays[0].to: must be a number of seconds after from"),
        (spec(overlays__0__content={"type": "text"}), "9:16", "1080x1920",
         "overlays[0].content.text: required for a text overlay"),
        (spec(placeholders__cover="picture"), "9:16", "1080x1920",
         "placeholders.cover: type must be image, audio, video or text, optionally with _optional"),
        (spec(rules__max_scene=1.0), "9:16", "1080x1920",
         "rules.max_scene: must be a number of seconds > 0 and >= rules.min_scene"),
        (spec(rules__cuts="random"), "9:16", "1080x1920",
         "rules.cuts: must be one of auto_by_beats_or_speech, auto_by_beats, auto_by_speech, fixed, manual"),
        (spec(music=[]), "9:16", "1080x1920",
         "spec.music: unknown field (tracks, overlays, placeholders, rules, subtitle_style_presets)"),
    ]  # fmt: skip


@pytest.mark.parametrize(("spec", "aspect", "resolution", "message"), bad_specs())
def test_a_bad_template_is_refused_by_sql_and_a_client_save_alike(admin, editor, spec, aspect, resolution, message):
    org_id, _, user = editor
    assert sql_problem(admin, "template_spec_problem", Jsonb(spec), aspect, resolution) == message
    refused = saved_as_client(
        admin, user,
        "insert into public.templates (organization_id, name, aspect, resolution, spec) "
        "values (%s, 'Shorts', %s, %s, %s)",
        (org_id, aspect, resolution, Jsonb(spec)),
    )  # fmt: skip
    assert refused.diag.message_primary == f'template "Shorts": {message}'


def test_the_seed_template_is_valid_and_a_client_write_is_checked(admin):
    assert sql_problem(admin, "template_spec_problem", Jsonb(SPEC), "9:16", "1080x1920") is None
    org_id, _, user = make_studio(admin)
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        template_id = admin.execute(
            "insert into public.templates (organization_id, name, aspect, resolution, spec) "
            "values (%s, 'Shorts', '9:16', '1080x1920', %s) returning id",
            (org_id, Jsonb(SPEC)),
        ).fetchone()[0]
        with pytest.raises(psycopg.errors.InvalidParameterValue) as refused, admin.transaction():
            bad = copy.deepcopy(SPEC)
            bad["tracks"][1]["type"] = "sound"
            admin.execute("update public.templates set spec = %s where id = %s", (Jsonb(bad), template_id))
        assert refused.value.diag.message_primary == (
            'template "Shorts": tracks[1] "subs".type: must be one of video, audio, subtitle, overlay, image'
        )
        admin.execute("update public.templates set name = 'Shorts v2' where id = %s", (template_id,))
        versions = admin.execute(
            "select version, name from public.template_versions where template_id = %s order by version",
            (template_id,),
        ).fetchall()
        admin.execute("reset role")
    assert versions == [(1, "Shorts"), (2, "Shorts v2")]


def bad_graphs() -> list[tuple[dict, dict, str]]:
    def changed(edit) -> dict:
        g = graph()
        edit(g)
        return g

    def cycle(g):
        g["nodes"].append({"id": "n7", "type": "Script.Generate", "params": {"text": "more"}})
        g["edges"] += [{"id": "e6", "from": "n2", "to": "n7"}, {"id": "e7", "from": "n7", "to": "n2"}]

    return [
        (changed(lambda g: g["nodes"][2].update(type="Voice.Clone")), VARIABLES,
         'node n3: type: unknown node type "Voice.Clone"'),
        (changed(lambda g: g["nodes"][1].update(id="n1")), VARIABLES, "node n1: id: duplicate node id"),
        (changed(lambda g: g["edges"][0].update(to="n9")), VARIABLES, 'edge e1: to: no node "n9"'),
        (changed(lambda g: g["edges"][1].update(to="n5")), VARIABLES,
         "edge e2: to: node n5 (Edit.Timeline) has no input port for text (from n2)"),
        (changed(lambda g: g["edges"][0].update(toPort="audio")), VARIABLES,
         'edge e1: toPort: node n5 (Edit.Timeline) input "audio" takes audio, not image (from n1)'),
        (changed(lambda g: g["edges"][0].update(toPort="cover")), VARIABLES,
         'edge e1: toPort: node n5 (Edit.Timeline) has no input port "cover"'),
        (changed(lambda g: g["edges"][2].update(fromPort="speech")), VARIABLES,
         'edge e3: fromPort: node n3 (Voice.TTS) has no output port "speech"'),
        (changed(lambda g: g["edges"].append({"id": "e6", "from": "n1", "to": "n5"})), VARIABLES,
         'edge e6: toPort: node n5 (Edit.Timeline) input "visual" is already connected (edge e1)'),
        (changed(lambda g: g["edges"].pop(1)), VARIABLES,
         "node n3 (Voice.TTS): inputs.script: required input is not connected"),
        (changed(cycle), VARIABLES, "node n2 (Script.Generate): edges: part of a cycle (n2, n7)"),
        (changed(lambda g: g["nodes"][0]["params"].pop("query")), VARIABLES,
         "node n1 (Input.Stock): params.query: a non-empty string is required"),
        (changed(lambda g: g["nodes"][1]["params"].pop("text")), VARIABLES,
         "node n2 (Script.Generate): params.prompt: params.prompt or params.text is required"),
        (graph(), {"cover": None},
         "node n2 (Script.Generate): params.text: placeholder {{headline}} is not a workflow variable"),
        (changed(lambda g: g["nodes"][4]["params"].update(template_id="tmpl_shorts_v1")), VARIABLES,
         'node n5 (Edit.Timeline): params.template_id: no template "tmpl_shorts_v1"'),
        (changed(lambda g: g["nodes"][5].update(type="Edit.Timeline")), VARIABLES,
         "edge e5: to: node n6 (Edit.Timeline) has no input port for video (from n5)"),
        (changed(lambda g: g["nodes"][4]["params"]["placeholders"].pop("cover")), VARIABLES,
         'node n5 (Edit.Timeline): params.placeholders.cover: required by template "Shorts" (image)'),
        (changed(lambda g: g["nodes"][4]["params"]["placeholders"].update(intro="x")), VARIABLES,
         'node n5 (Edit.Timeline): params.placeholders.intro: template "Shorts" has no placeholder intro'),
        ({"nodes": []}, {}, "graph.nodes: a non-empty array of nodes is required"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def shorts(db_url):
    """A template named Shorts with the nil uuid, in an organization of its own (public)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        org_id, _, _ = make_studio(conn)
        conn.execute(
            "insert into public.templates (id, organization_id, name, aspect, resolution, spec, is_public) "
            "values ('00000000-0000-0000-0000-000000000000', %s, 'Shorts', '16:9', '160x90', %s, true) "
            "on conflict (id) do nothing",
            (org_id, Jsonb(SPEC)),
        )
        return org_id


@pytest.mark.parametrize(("bad", "variables", "message"), bad_graphs())
def test_a_bad_workflow_is_refused_by_sql_and_a_client_save_alike(admin, shorts, editor, bad, variables, message):
    _, project_id, user = editor
    assert sql_problem(admin, "workflow_graph_problem", Jsonb(bad), Jsonb(variables), shorts) == message
    refused = saved_as_client(
        admin, user, "insert into public.workflows (project_id, name, graph, variables) values (%s, 'News', %s, %s)",
        (project_id, Jsonb(bad), Jsonb(variables)),
    )  # fmt: skip
    assert refused.diag.message_primary == f'workflow "News": {message}'


def test_the_seed_graph_is_valid_and_placeholders_must_be_filled(admin, shorts):
    assert sql_problem(admin, "workflow_graph_problem", Jsonb(graph()), Jsonb(VARIABLES), shorts) is None
    node = graph()["nodes"][1]
    assert sql_problem(admin, "fill_placeholders", Jsonb(node), Jsonb({"headline": 'Boats "back"'}))["text"] == (
        'Boats "back"'
    )
    message = "node n2 (Script.Generate): params.text: placeholder {{headline}} is not filled"
    with pytest.raises(psycopg.errors.InvalidParameterValue) as refused:
        sql_problem(admin, "fill_placeholders", Jsonb(node), Jsonb({"headline": None}))
    assert refused.value.diag.message_primary == message


def work(db_url: str, storage: LocalStorage) -> None:
    """One in-process worker with the media handlers for the workflow's kinds, until the
    queues hold nothing claimable (waiting jobs become ready as their inputs succeed)."""
    kinds = ("image", "text", "audio", "scene_video", "render")
    handlers = {k: v for k, v in MediaHandlers(db_url, storage).as_dict().items() if k in kinds}
    config = WorkerConfig(database_url=db_url, handlers=handlers, concurrency=dict.fromkeys(kinds, 2),
                          poll_interval=0.1, until_empty=True, lanes=1)  # fmt: skip
    asyncio.run(asyncio.wait_for(Worker(config).run(), 90))


def test_a_published_workflow_runs_in_dependency_order_and_ends_in_a_render(admin, db_url, tmp_path: Path):
    org_id, project_id, user = make_studio(admin, credits=1000)
    storage = LocalStorage(tmp_path / "media")
    cover = tmp_path / "cover.png"
    Image.new("RGB", (32, 18), "#0b3d91").save(cover)
    cover_id = admin.execute(
        "insert into public.assets (organization_id, project_id, type, source, title, filename, mime_type, "
        "storage_path, size_bytes) values (%s, %s, 'image', 'upload', 'cover', 'cover.png', 'image/png', "
        "'uploads/cover.png', %s) returning id",
        (org_id, project_id, cover.stat().st_size),
    ).fetchone()[0]
    # the same picture in another project of the organization: not this run's to use
    elsewhere_id = admin.execute(
        "with other as (insert into public.projects (organization_id, title) values (%s, 'Other') returning id) "
        "insert into public.assets (organization_id, project_id, type, source, title, filename, mime_type, "
        "storage_path, size_bytes) select %s, other.id, 'image', 'upload', 'cover', 'cover.png', 'image/png', "
        "'uploads/other-cover.png', %s from other returning id",
        (org_id, org_id, cover.stat().st_size),
    ).fetchone()[0]
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        template_id = admin.execute(
            "insert into public.templates (organization_id, project_id, name, aspect, resolution, spec) "
            "values (%s, %s, 'Shorts', '16:9', '160x90', %s) returning id",
            (org_id, project_id, Jsonb(SPEC)),
        ).fetchone()[0]
        workflow_id = admin.execute(
            "insert into public.workflows (project_id, name, graph, variables) values (%s, 'News', %s, %s) "
            "returning id",
            (project_id, Jsonb(graph(str(template_id))), Jsonb(VARIABLES)),
        ).fetchone()[0]
        version_id = admin.execute("select (public.publish_workflow(%s)).id", (workflow_id,)).fetchone()[0]
        with pytest.raises(psycopg.errors.InvalidParameterValue) as unfilled, admin.transaction():
            admin.execute("select public.start_workflow_run(%s, %s)", (version_id, Jsonb({"cover": str(cover_id)})))
        with pytest.raises(psycopg.errors.InvalidParameterValue) as elsewhere, admin.transaction():
            admin.execute("select public.start_workflow_run(%s, %s)",
                          (version_id, Jsonb({"headline": "Boats.", "cover": str(elsewhere_id)})))  # fmt: skip
        run_id = admin.execute(
            "select (public.start_workflow_run(%s, %s)).id",
            (version_id, Jsonb({"headline": "The boats are back. Gulls circle the harbor.", "cover": str(cover_id)})),
        ).fetchone()[0]
        admin.execute("reset role")
    assert unfilled.value.diag.message_primary == (
        "node n2 (Script.Generate): params.text: placeholder {{headline}} is not filled"
    )
    assert elsewhere.value.diag.message_primary == (
        f'node n5 (Edit.Timeline): params.placeholders.cover: no image asset "{elsewhere_id}"'
    ), "an asset of another project is not a run's to use"
    run = admin.execute("select status, total_nodes, nodes, estimated_credits from public.workflow_runs where id = %s",
                        (run_id,)).fetchone()  # fmt: skip
    assert run[0:2] == ("running", 6)
    nodes = {k: uuid.UUID(v) for k, v in run[2].items()}
    # only the nodes without inputs are claimable; the others wait for them
    parked = dict(admin.execute(
        "select g.metadata ->> 'node_id', q.state = 'waiting' from private.job_queue q "
        "join public.generations g on g.id = q.generation_id where g.id = any(%s)", (list(nodes.values()),)
    ).fetchall())  # fmt: skip
    assert parked == {"n1": False, "n2": False, "n3": True, "n4": True, "n5": True, "n6": True}
    assert run[3] == 4 + 1 + 1 + 1 + 10 + 1  # image, script, speech, subtitles, timeline, render

    work(db_url, storage)

    done = admin.execute(
        "select status, progress, completed_nodes, output_url, thumbnail_url, subtitles_url, duration_ms, "
        "render_generation_id from public.workflow_runs where id = %s",
        (run_id,),
    ).fetchone()
    assert done[0:3] == ("succeeded", 100, 6)
    order = admin.execute(
        "select metadata ->> 'node_id', kind, status, started_at, completed_at from public.generations "
        "where id = any(%s)",
        (list(nodes.values()),),
    ).fetchall()
    timing = {node: (started, completed) for node, _, status, started, completed in order if status == "succeeded"}
    assert set(timing) == set(nodes)
    for before, after in [("n1", "n5"), ("n2", "n3"), ("n3", "n4"), ("n4", "n5"), ("n5", "n6")]:
        assert timing[before][1] <= timing[after][0], f"{after} started before {before} finished"
    render = admin.execute(
        "select kind, output_url, thumbnail_url, subtitles_url, duration_ms, cost_render_seconds, result "
        "from public.generations where id = %s",
        (done[7],),
    ).fetchone()
    assert render[0] == "render" and render[1:5] == done[3:7]
    folder = tmp_path / "media" / str(org_id) / "generations" / str(done[7])
    probe = asyncio.run(ffmpeg.probe(folder / "final.mp4"))
    assert {s.type for s in probe.streams} == {"video", "audio"}
    assert render[5] == -(-probe.duration_seconds // 1)
    assert render[6]["resolution"] == "160x90" and render[6]["bitrate_kbps"] > 0
    cues = subtitles.parse_srt((folder / "final.srt").read_text(encoding="utf-8"))
    assert [c.text for c in cues] == ["The boats are back.", "Gulls circle the harbor."]
    with Image.open(folder / "thumbnail.jpg") as thumbnail:
        assert thumbnail.size == (160, 90)
    # the timeline burned the subtitles of the template's subtitle track
    timeline = admin.execute("select params, result from public.generations where id = %s", (nodes["n5"],)).fetchone()
    assert timeline[0]["burn_subtitles"] is True and timeline[1]["subtitles"] == "burned"
    assert admin.execute("select usage_count from public.templates where id = %s", (template_id,)).fetchone()[0] == 1
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def test_a_failed_node_fails_the_run_and_releases_what_waits(admin, db_url, tmp_path: Path):
    org_id, project_id, user = make_studio(admin, credits=1000)
    flow = {
        "nodes": [
            {"id": "write", "type": "Script.Generate", "params": {"prompt": "a poem"}},  # no local text model
            {"id": "voice", "type": "Voice.TTS"},
            {"id": "picture", "type": "Input.Stock", "params": {"query": "sea", "width": 64, "height": 36}},
            {"id": "cut", "type": "Edit.Timeline", "params": {"width": 64, "height": 36}},
            {"id": "out", "type": "Output.Render"},
        ],
        "edges": [
            {"id": "a", "from": "write", "to": "voice"},
            {"id": "b", "from": "voice", "to": "cut"},
            {"id": "c", "from": "picture", "to": "cut"},
            {"id": "d", "from": "cut", "to": "out"},
        ],
    }
    webhook = admin.execute(
        "insert into public.webhooks (organization_id, url, events) values (%s, 'https://example.com/hook', "
        "'{workflow.run.finished}') returning id",
        (org_id,),
    ).fetchone()[0]
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        workflow_id = admin.execute(
            "insert into public.workflows (project_id, name, graph) values (%s, 'Poem', %s) returning id",
            (project_id, Jsonb(flow)),
        ).fetchone()[0]
        version_id = admin.execute("select (public.publish_workflow(%s)).id", (workflow_id,)).fetchone()[0]
        run_id = admin.execute("select (public.start_workflow_run(%s)).id", (version_id,)).fetchone()[0]
        admin.execute("reset role")
    held = admin.execute("select held_balance from public.credit_balances where organization_id = %s",
                         (org_id,)).fetchone()[0]  # fmt: skip
    assert held == 1 + 1 + 4 + 10 + 1
    work(db_url, LocalStorage(tmp_path / "media"))
    run = admin.execute("select status, error_node, error_message from public.workflow_runs where id = %s",
                        (run_id,)).fetchone()  # fmt: skip
    assert run[0:2] == ("failed", "write")
    assert "node write (Script.Generate) failed: provider local does not make text" in run[2]
    statuses = dict(admin.execute(
        "select metadata ->> 'node_id', status from public.generations where metadata ->> 'workflow_run_id' = %s",
        (str(run_id),),
    ).fetchall())  # fmt: skip
    # the picture may have been drawn before the script failed, or cancelled while it waited
    assert statuses.pop("picture") in ("succeeded", "cancelled")
    assert statuses == {"write": "failed", "voice": "cancelled", "cut": "cancelled", "out": "cancelled"}
    assert admin.execute("select held_balance from public.credit_balances where organization_id = %s",
                         (org_id,)).fetchone()[0] == 0  # fmt: skip
    assert (
        admin.execute(
            "select count(*) from private.job_queue q join public.generations g on g.id = q.generation_id "
            "where g.metadata ->> 'workflow_run_id' = %s",
            (str(run_id),),
        ).fetchone()[0]
        == 0
    )
    event = admin.execute(
        "select payload from private.webhook_outbox where webhook_id = %s and event = 'workflow.run.finished'",
        (webhook,),
    ).fetchone()[0]
    assert (event["data"]["id"], event["data"]["status"], event["data"]["error_node"]) == (str(run_id), "failed",
                                                                                          "write")  # fmt: skip
    ledger_holds(admin, org_id)
    assert json.dumps(event)  # the payload is plain JSON
