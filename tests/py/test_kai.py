"""KAI generations (Fenta's `kai_generations`): the `kai` kind runs. A KAI image and a KAI
text-to-video made by the offline provider are stored as assets, metered in KAI credits (the
usage record and the monthly KAI-credit quota), charged once; the unsupported `edit` type
fails clearly and releases its hold."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest
from psycopg.types.json import Jsonb
from test_queue_workers import charged_once, ledger_holds, make_studio, request

from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.local import ffmpeg
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers.engine import Worker, WorkerConfig


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = 'kai'")
        yield conn


def test_kai_images_and_videos_run_and_are_metered_in_kai_credits(admin, db_url, tmp_path: Path):
    org_id, project_id, user = make_studio(admin, credits=1000)
    size = {"width": 160, "height": 90}
    image = request(admin, user, project_id, "kai", prompt="a lighthouse in a storm", params=Jsonb(size),
                    variant="image", units=3)  # fmt: skip
    video = request(admin, user, project_id, "kai", prompt="waves against the rocks at dusk",
                    params=Jsonb({**size, "duration_seconds": 1, "fps": 6}), variant="video", units=5)  # fmt: skip
    edit = request(admin, user, project_id, "kai", prompt="make it night", variant="edit")
    handlers = {"kai": MediaHandlers(db_url, LocalStorage(tmp_path / "media")).kai}
    config = WorkerConfig(database_url=db_url, handlers=handlers, concurrency={"kai": 2}, poll_interval=0.1,
                          until_empty=True, lanes=1)  # fmt: skip
    asyncio.run(asyncio.wait_for(Worker(config).run(), 60))

    rows = {
        r[0]: r[1:]
        for r in admin.execute(
            "select g.id, g.status, g.cost_kai_credits, a.mime_type, a.storage_path, g.error_code, g.result "
            "from public.generations g left join public.assets a on a.id = g.output_asset_id where g.id = any(%s)",
            ([image, video, edit],),
        )
    }
    assert rows[image][:3] == ("succeeded", 3, "image/png") and rows[image][5]["kai_type"] == "image"
    assert rows[video][:3] == ("succeeded", 5, "video/mp4")
    clip = tmp_path / "media" / str(org_id) / rows[video][3]
    probed = asyncio.run(ffmpeg.probe(clip))
    assert probed.first("video") is not None and 0.5 < probed.duration_seconds < 2
    assert rows[edit][0] == "failed" and rows[edit][4] == "unsupported_variant"
    # metered as KAI credits: usage records and the monthly quota counter
    used = admin.execute(
        "select coalesce(sum(units), 0) from public.usage_events where resource_type = 'kai_credits' "
        "and event_id = any(%s)", ([image, video, edit],)).fetchone()[0]  # fmt: skip
    assert used == 8
    assert admin.execute("select sum(kai_credits_used) from public.quota_limits where organization_id = %s",
                         (org_id,)).fetchone()[0] >= 8  # fmt: skip
    hold = admin.execute(
        "select h.status from public.credit_holds h join public.generations g on g.hold_id = h.id where g.id = %s",
        (edit,),
    ).fetchone()[0]
    assert hold == "released"
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)
