"""The `creatorverse` command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from creatorverse.db import connect, server
from creatorverse.db.migrate import MigrationError, Migrator
from creatorverse.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Creatorverse: the data platform for AI story-to-video studios.")
db_app = typer.Typer(no_args_is_help=True, help="The database: embedded server or DATABASE_URL.")
app.add_typer(db_app, name="db")
stripe_app = typer.Typer(no_args_is_help=True, help="Stripe webhook ingestion.")
app.add_typer(stripe_app, name="stripe")
books_app = typer.Typer(no_args_is_help=True, help="Books: import manuscripts, embed chapters.")
app.add_typer(books_app, name="books")
console = Console()


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[bold red]error:[/] {message}")
    raise typer.Exit(1)


@db_app.command()
def start() -> None:
    """Start the embedded server (no-op with DATABASE_URL) and create the project database."""
    settings = get_settings()
    url = connect.database_url(settings)
    where = "DATABASE_URL" if settings.database_url else f"embedded server, data in {settings.pgdata}"
    console.print(f"[green]database ready[/] ({where})")
    console.print(url)


@db_app.command()
def stop() -> None:
    """Stop the embedded server."""
    settings = get_settings()
    if settings.database_url:
        _fail("DATABASE_URL is set: there is no embedded server to stop")
    console.print("stopped" if server.stop(settings.pgdata) else "not running")


@db_app.command()
def status() -> None:
    """Show whether the database is reachable and what it holds."""
    settings = get_settings()
    if settings.embedded:
        state = server.status(settings.pgdata)
        console.print(
            f"embedded server: {'[green]running[/]' if state.running else '[yellow]stopped[/]'}"
            f" (pid {state.pid}, data {state.pgdata})"
        )
        if not state.running:
            return
    url = connect.database_url(settings, start=False)
    with psycopg.connect(url) as conn:
        version = conn.execute("show server_version").fetchone()[0]
        applied = conn.execute(
            "select count(*) from supabase_migrations.schema_migrations"
            if conn.execute("select to_regclass('supabase_migrations.schema_migrations')").fetchone()[0]
            else "select 0"
        ).fetchone()[0]
    console.print(f"PostgreSQL {version}; {applied} migrations applied")


@db_app.command()
def url() -> None:
    """Print the database URL (starting the embedded server if needed)."""
    print(connect.database_url(get_settings()))


@db_app.command()
def psql(args: list[str] = typer.Argument(None, help="extra arguments for psql")) -> None:
    """Open psql on the database."""
    settings = get_settings()
    target = connect.database_url(settings)
    binary = "psql" if settings.database_url else str(server.bin_dir() / "psql")
    sys.exit(subprocess.call([binary, target, *(args or [])]))


@db_app.command()
def migrate(dry_run: bool = typer.Option(False, "--dry-run", help="list what would run, change nothing")) -> None:
    """Apply pending migrations (the complete deploy artifact, as `supabase db push` does)."""
    settings = get_settings()
    migrator = Migrator(connect.database_url(settings), settings.migrations_dir)
    started = time.perf_counter()
    try:
        plan = migrator.run(dry_run=dry_run)
    except MigrationError as error:
        _fail(str(error))
    verb = "would apply" if dry_run else "applied"
    for m in plan.pending:
        console.print(f"  {verb} [cyan]{m.version}[/] {m.name}")
    if plan.empty:
        console.print("nothing to apply: the database is up to date")
    else:
        console.print(f"{verb} {len(plan.pending)} migrations in {time.perf_counter() - started:.2f}s")


@db_app.command()
def diff(name: str = typer.Argument(..., help="the new migration's name: lowercase letters, digits and _")) -> None:
    """Write a migration carrying what changed in supabase/functions, supabase/policies and sql/views."""
    from creatorverse.db.compile import drift, write_migration
    from creatorverse.db.scratch import ScratchServer

    settings = get_settings()
    try:
        result = drift(settings, ScratchServer(connect.scratch_admin_url(settings)))
        if result.clean:
            console.print("no changes: the migrations already build what the declarative files define")
            return
        path = write_migration(settings, name, result.migration_sql)
    except (MigrationError, ValueError) as error:
        _fail(str(error))
    console.print(f"wrote {path.relative_to(settings.project_root)}; apply it with `creatorverse db migrate`")


@db_app.command()
def check() -> None:
    """Fail when the declarative files differ from what the migrations build, or the schema
    snapshot (supabase/schema.sql, docs/erd) is stale."""
    from creatorverse.db.compile import drift
    from creatorverse.db.scratch import ScratchServer
    from creatorverse.db.snapshot import stale_files

    settings = get_settings()
    scratch = ScratchServer(connect.scratch_admin_url(settings))
    try:
        result = drift(settings, scratch)
        with scratch.session("snapshot"):
            stale = stale_files(settings, scratch.migrated("snapshot", settings.migrations_dir))
    except MigrationError as error:
        _fail(str(error))
    if not result.clean:
        console.print(result.migration_sql, markup=False, highlight=False)
        _fail("the declarative files changed without a migration: run `creatorverse db diff NAME`")
    if stale:
        _fail("stale snapshot files (run `creatorverse db snapshot`): " + ", ".join(map(str, stale)))
    console.print("in step: the migrations build what the declarative files define; the snapshot is current")


@db_app.command()
def snapshot() -> None:
    """Rewrite supabase/schema.sql and docs/erd/*.md from a database built by the migrations."""
    from creatorverse.db.scratch import ScratchServer
    from creatorverse.db.snapshot import write_files

    settings = get_settings()
    scratch = ScratchServer(connect.scratch_admin_url(settings))
    with scratch.session("snapshot"):
        written = write_files(settings, scratch.migrated("snapshot", settings.migrations_dir))
    for path in written:
        console.print(f"  wrote {path.relative_to(settings.project_root)}")


@db_app.command()
def reset(yes: bool = typer.Option(False, "--yes", help="do not ask")) -> None:
    """Drop the embedded project database, recreate it and migrate."""
    settings = get_settings()
    if settings.database_url:
        _fail("reset only manages the embedded database; it never drops a DATABASE_URL database")
    if not yes and not typer.confirm(f"drop database {settings.database_name} and everything in it?"):
        raise typer.Exit(1)
    server.drop_database(connect.embedded_admin_url(settings), settings.database_name)
    migrate(dry_run=False)


@app.command()
def demo(
    book: Path = typer.Option(None, help="manuscript to import (default: examples/the_lantern_keeper.md)"),
) -> None:
    """The main job: database up and migrated, a book imported, embedded and searched."""
    from creatorverse.db.summary import schema_summary
    from creatorverse.demo import run_demo

    migrate(dry_run=False)
    settings = get_settings()
    target = connect.database_url(settings)
    with psycopg.connect(target) as conn:
        result = run_demo(conn, book or settings.project_root / "examples" / "the_lantern_keeper.md")
        rows = schema_summary(conn)
    if result["imported"]:
        console.print(f"imported [bold]{result['imported'].title}[/]: {result['imported'].chapters} chapters")
    console.print(f"embedded {result['embedded']} chapters with {result['model']}")
    for query, hits in result["searches"].items():
        found = Table(title=f"hybrid search as the studio owner: {query!r}")
        for column in ("chapter", "score", "keyword rank", "semantic rank"):
            found.add_column(column)
        for hit in hits:
            found.add_row(*("" if v is None else str(v) for v in hit))
        console.print(found)
    available, plan = result["wallet"]
    console.print(f"Demo Studio: {plan} plan, {available} credits available")
    table = Table(title="Creatorverse schema")
    for column in ("schema", "tables", "with RLS", "policies", "functions", "views"):
        table.add_column(column, justify="right" if column != "schema" else "left")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    console.print(table)
    console.print(f"connect with: [bold]{target}[/]")


@stripe_app.command("serve")
def stripe_serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8787, help="port to listen on"),
) -> None:
    """Receive Stripe webhooks on POST /stripe/webhook (needs STRIPE_WEBHOOK_SECRET)."""
    import logging

    from psycopg_pool import ConnectionPool

    from creatorverse.billing.stripe_webhook import WEBHOOK_PATH, make_server

    settings = get_settings()
    if not settings.stripe_webhook_secret:
        _fail("set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with ConnectionPool(connect.database_url(settings), min_size=1, max_size=8) as pool:
        server = make_server(pool, settings.stripe_webhook_secret, host, port)
        console.print(f"listening on http://{host}:{port}{WEBHOOK_PATH}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.shutdown()


@books_app.command("import")
def books_import(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a .txt or .md manuscript"),
    organization: str = typer.Option(..., "--organization", "-o", help="organization id or slug"),
    title: str | None = typer.Option(None, help="the book's title (default: detected)"),
) -> None:
    """Split a manuscript into chapters by its headings and queue them for embedding."""
    from creatorverse.books.importer import import_book

    with psycopg.connect(connect.database_url(get_settings())) as conn:
        try:
            book = import_book(conn, organization, file, title=title)
        except (LookupError, ValueError) as error:
            _fail(str(error))
    console.print(f"imported [bold]{book.title}[/]: {book.chapters} chapters ({book.method}), book {book.book_id}")


@books_app.command("embed")
def books_embed(
    provider: str = typer.Option("local", help="local (all-MiniLM-L6-v2) or openai (an OpenAI-compatible API)"),
    batch_size: int = typer.Option(16, min=1, max=256),
    base_url: str = typer.Option("https://api.openai.com/v1", envvar="EMBEDDINGS_BASE_URL"),
    api_key: str | None = typer.Option(None, envvar="EMBEDDINGS_API_KEY"),
    model: str = typer.Option("text-embedding-3-small", envvar="EMBEDDINGS_MODEL"),
) -> None:
    """Embed every chapter waiting in the queue, in batches."""
    from creatorverse.embeddings import make_embedder
    from creatorverse.embeddings.queue import embed_pending

    options = {"base_url": base_url, "api_key": api_key, "model": model} if provider == "openai" else {}
    embedder = make_embedder(provider, **options)
    started = time.perf_counter()
    with psycopg.connect(connect.database_url(get_settings())) as conn:
        done = embed_pending(conn, embedder, batch_size)
    console.print(f"embedded {done} chapters with {embedder.model_name} in {time.perf_counter() - started:.1f}s")


@app.command()
def worker(
    kinds: list[str] = typer.Option(
        None, "--kind", "-k", help="KIND=CONCURRENCY, repeatable (default: every kind with a handler, 4 each)"
    ),
    handlers: list[str] = typer.Option(
        None, "--handler", help="KIND=module:function (or a built-in name such as noop), repeatable"
    ),
    batch_size: int = typer.Option(10, min=1, max=1000, help="jobs claimed per round trip"),
    lanes: int = typer.Option(2, min=1, max=16, help="claim lanes (connections) per kind"),
    poll_interval: float = typer.Option(1.0, help="seconds between polls when no notification arrives"),
    poll_only: bool = typer.Option(False, "--poll-only", help="no LISTEN (for transaction-mode poolers)"),
    lease_seconds: int | None = typer.Option(None, help="lease length (default: the kind's)"),
    grace_seconds: float = typer.Option(30.0, help="on SIGTERM, wait this long before handing jobs back"),
    reap_interval: float = typer.Option(5.0, help="seconds between looks for expired leases"),
    webhooks: bool = typer.Option(True, "--webhooks/--no-webhooks", help="deliver webhooks from the outbox"),
    scheduler: bool = typer.Option(True, "--scheduler/--no-scheduler", help="take part in scheduler election"),
    until_empty: bool = typer.Option(False, "--until-empty", help="exit once the kinds' queues are empty"),
    log_level: str = typer.Option("info", help="debug, info, warning or error"),
) -> None:
    """Run queued generation jobs (asyncio pool, concurrency per kind), deliver webhooks and
    keep the schedules. Scale out by running more of them: they coordinate through Postgres."""
    from creatorverse.workers import engine, logs
    from creatorverse.workers import handlers as registry

    try:
        handler_map = registry.resolve(dict(spec.split("=", 1) for spec in handlers or []) or {"noop": "noop"})
        concurrency = engine.parse_concurrency(kinds) if kinds else dict.fromkeys(handler_map, 4)
        config = engine.WorkerConfig(
            database_url=connect.database_url(get_settings()),
            handlers=handler_map,
            concurrency=concurrency,
            batch_size=batch_size,
            lanes=lanes,
            poll_interval=poll_interval,
            poll_only=poll_only,
            lease_seconds=lease_seconds,
            grace_seconds=grace_seconds,
            reap_interval=reap_interval,
            webhooks=webhooks,
            scheduler=scheduler,
            until_empty=until_empty,
        )
        engine.run_worker(config, logs.setup(log_level))
    except ValueError as error:
        _fail(str(error))


@app.command("queue")
def queue_status() -> None:
    """Queue health per kind and the workers' live metrics (the operator's view)."""
    with psycopg.connect(connect.database_url(get_settings())) as conn:
        for title, query in (
            ("queue health", "select * from analytics.queue_health order by kind"),
            (
                "workers",
                "select worker_id, alive, in_flight, completed, failed, lost_leases, jobs_per_second, "
                "last_seen_at from analytics.worker_status order by last_seen_at desc limit 20",
            ),
        ):
            cursor = conn.execute(query)
            table = Table(title=title)
            for column in cursor.description:
                table.add_column(column.name)
            for row in cursor:
                table.add_row(*(str(v) for v in row))
            console.print(table)


def main() -> None:  # pragma: no cover - console entry point
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()
