"""Scene pipeline throughput with the local providers: scenes per minute end to end (request_film
to the finished MP4) at 1, 2 and 4 worker processes, and the share of the workers' time spent in
the database (every psycopg call, the engine's and the handlers') versus the media tools (the
handlers' time minus their own database calls). Arms are interleaved and shuffled per round;
medians and [min - max] over rounds.

    .venv/bin/python bench/pipeline_bench.py --rounds 3 --scenes 6 [--warm]

Runs on the embedded database (`creatorverse db url`) or DATABASE_URL; every film is made by a
fresh studio; media go to a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SIZE = {"width": 320, "height": 180, "fps": 12}
KINDS = ("image", "audio", "scene_video", "lipsync", "merge")
LINES = [
    "MINA: The boats are late again.",
    "JUN: 안개가 너무 짙어요.",
    "The old lamp is dark and the stairs are steep.",
    "JUN: 할머니, 배가 보여요!",
]


def story(scenes: int) -> str:
    places = ("EXT. HARBOR - DAWN", "INT. LIGHTHOUSE - NIGHT", "EXT. CLIFF - EVENING", "EXT. PIER - MORNING")
    return "\n\n".join(f"{places[n % 4]}\n{LINES[n % 4]}" for n in range(scenes))


def request(url: str, scenes: int) -> tuple[uuid.UUID, uuid.UUID]:
    """A fresh studio with credits, its script and the film requested: (organization, film)."""
    from creatorverse.media import film

    with psycopg.connect(url, autocommit=True) as conn:
        name = f"bench-{uuid.uuid4().hex[:8]}"
        user = conn.execute(
            "insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', "
            "'authenticated', %s) returning id",
            (f"{name}@bench.local",),
        ).fetchone()[0]
        org = conn.execute("select organization_id from public.organization_members where user_id = %s", (user,))
        org_id = org.fetchone()[0]
        conn.execute("select public.credits_grant(%s, 100000, 'bonus', %s)", (org_id, name))
        conn.execute("update public.subscriptions set plan_id = 'enterprise' where organization_id = %s", (org_id,))
        chapter = conn.execute(
            "with p as (insert into public.projects (organization_id, created_by, title) values (%s, %s, 'Bench') "
            "returning id), b as (insert into public.books (organization_id, project_id, title) "
            "select %s, id, 'Bench' from p returning id) insert into public.chapters (book_id, chapter_number, "
            "title, content) select id, 1, 'One', %s from b returning id",
            (org_id, user, org_id, story(scenes)),
        ).fetchone()[0]
        script_id, _ = film.write_script(conn, chapter, story(scenes), user)
        return org_id, film.request_film(conn, script_id, user, SIZE, None)["id"]


def worker_process(url: str, media: str, film_id: str) -> None:
    """One worker process until the film is final; prints its database and media seconds."""
    from psycopg import AsyncConnection, AsyncCursor

    from creatorverse.media import film
    from creatorverse.media.handlers import MediaHandlers
    from creatorverse.media.storage.local import LocalStorage

    in_handler = contextvars.ContextVar("in_handler", default=False)
    spent = {"db": 0.0, "db_in_handlers": 0.0, "handlers": 0.0, "jobs": 0}

    def timed(method):
        async def call(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return await method(self, *args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                spent["db"] += elapsed
                if in_handler.get():
                    spent["db_in_handlers"] += elapsed

        return call

    AsyncCursor.execute = timed(AsyncCursor.execute)
    AsyncConnection.execute = timed(AsyncConnection.execute)
    AsyncCursor.fetchone = timed(AsyncCursor.fetchone)
    AsyncCursor.fetchall = timed(AsyncCursor.fetchall)

    media_handlers = MediaHandlers(url, LocalStorage(Path(media)))
    base = media_handlers.as_dict()

    def wrap(handler):
        async def handle(job, ctx):
            token = in_handler.set(True)
            started = time.perf_counter()
            try:
                return await handler(job, ctx)
            finally:
                spent["handlers"] += time.perf_counter() - started
                spent["jobs"] += 1
                in_handler.reset(token)

        return handle

    handlers = {kind: wrap(h) for kind, h in base.items()}
    concurrency = {"image": 2, "audio": 2, "scene_video": 1, "lipsync": 1, "merge": 1}

    async def run() -> None:
        # film_id "-": a warm worker process, one film id per line on stdin, a report per film
        films = [film_id] if film_id != "-" else None
        try:
            while True:
                current = films.pop() if films else (await asyncio.to_thread(sys.stdin.readline)).strip()
                if not current:
                    break
                await film.run_workers(url, None, uuid.UUID(current), handlers=handlers, concurrency=concurrency)
                print(json.dumps(spent), flush=True)
                spent.update(db=0.0, db_in_handlers=0.0, handlers=0.0, jobs=0)
                if film_id != "-":
                    break
        finally:
            await media_handlers.aclose()

    asyncio.run(run())


def active_seconds(url: str) -> float:
    """Server-side: time the database's backends spent executing statements (pg_stat_database)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select pg_stat_clear_snapshot()")
        return conn.execute(
            "select active_time / 1000.0 from pg_stat_database where datname = current_database()"
        ).fetchone()[0]


def spawn(url: str, media: str, film: str, processes: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", url, media, film],
            stdin=subprocess.PIPE if film == "-" else None,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(processes)
    ]


def film_reports(workers: list[subprocess.Popen], film_id: uuid.UUID) -> list[dict]:
    """Warm workers: give them the film, wait for each one's report."""
    for w in workers:
        w.stdin.write(f"{film_id}\n")
        w.stdin.flush()
    reports = []
    for w in workers:
        line = w.stdout.readline()
        if not line:
            raise SystemExit(f"a worker failed (exit {w.wait()})")
        reports.append(json.loads(line))
    return reports


def run_arm(url: str, processes: int, scenes: int, media: str, warm: bool) -> dict:
    workers = []
    if warm:  # started before the clock and warmed up on a film of their own (not measured)
        workers = spawn(url, media, "-", processes)
        film_reports(workers, request(url, scenes)[1])
    _, film_id = request(url, scenes)
    time.sleep(0.6)  # statistics are flushed about every 500 ms
    server_before = active_seconds(url)
    started = time.perf_counter()
    if warm:
        reports = film_reports(workers, film_id)
        wall = time.perf_counter() - started
        for w in workers:
            w.stdin.close()
            w.wait(timeout=60)
    else:
        reports = []
        for w in spawn(url, media, str(film_id), processes):
            out, _ = w.communicate(timeout=900)
            if w.returncode != 0:
                raise SystemExit(f"a worker failed (exit {w.returncode})")
            reports.append(json.loads(out.strip().splitlines()[-1]))
        wall = time.perf_counter() - started
    time.sleep(0.6)
    server = active_seconds(url) - server_before
    with psycopg.connect(url) as conn:
        status = conn.execute("select status from public.generations where id = %s", (film_id,)).fetchone()[0]
    if status != "succeeded":
        raise SystemExit(f"film {film_id} ended {status}")
    db = sum(r["db"] for r in reports)
    media_seconds = sum(r["handlers"] - r["db_in_handlers"] for r in reports)
    return {
        "scenes_per_minute": scenes / wall * 60,
        "db_share": db / (db + media_seconds),
        "server_share": server / (server + media_seconds),
        "wall": wall,
    }


def summary(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} [{min(values):{fmt}}-{max(values):{fmt}}]"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_process(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--size", default="320x180", help="frame size of the films, WxH (the demo makes 640x360)")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="worker processes started before the clock and warmed up on a film first (as `creatorverse worker` "
        "runs), instead of started per film",
    )
    args = parser.parse_args()
    SIZE["width"], SIZE["height"] = (int(n) for n in args.size.split("x"))
    url = (
        os.environ.get("DATABASE_URL")
        or subprocess.run(
            [str(ROOT / ".venv" / "bin" / "creatorverse"), "db", "url"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = any(%s)", (list(KINDS),))
    arms = [int(p) for p in args.processes.split(",")]
    results: dict[int, list[dict]] = {p: [] for p in arms}
    with tempfile.TemporaryDirectory(prefix="creatorverse-bench-") as media:
        for n in range(args.rounds):
            order = random.sample(arms, len(arms))
            for p in order:
                results[p].append(run_arm(url, p, args.scenes, media, args.warm))
                last = results[p][-1]
                print(f"round {n + 1}: {p} process(es): {last['scenes_per_minute']:.1f} scenes/min, "
                      f"db {last['server_share']:.1%} (server) {last['db_share']:.1%} (awaited)",
                      file=sys.stderr)  # fmt: skip
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (cpus: {os.cpu_count()})")
    print(f"{args.scenes} scenes per film ({SIZE['width']}x{SIZE['height']}, {SIZE['fps']} fps), {args.rounds} rounds, "
          + ("warm worker processes" if args.warm else "worker processes started per film"))  # fmt: skip
    print("database share: server-side statement time (pg_stat_database.active_time) and the workers' awaited")
    print("psycopg time, each against the media tools' time (handlers minus their own database calls)")
    print(f"{'processes':>10}  {'scenes/min':>22}  {'db share, server':>22}  {'db share, awaited':>22}")
    for p in arms:
        spm = summary([r["scenes_per_minute"] for r in results[p]], ".1f")
        server = summary([100 * r["server_share"] for r in results[p]], ".1f")
        share = summary([100 * r["db_share"] for r in results[p]], ".1f")
        print(f"{p:>10}  {spm:>22}  {server + ' %':>22}  {share + ' %':>22}")


if __name__ == "__main__":
    main()
