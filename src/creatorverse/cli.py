"""The `creatorverse` command.

Every expected failure ends in one line on stderr and exit code 1 (2 for bad usage, as
Click does); `main` turns the known exceptions into those lines.
"""

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
from rich.text import Text
from typer.core import TyperOption

from creatorverse import progress as progress_output
from creatorverse.db import connect, server
from creatorverse.db.migrate import MigrationError, Migrator
from creatorverse.db.queries import load
from creatorverse.embeddings.base import DEFAULT_MODELS, OPENAI_BASE_URL, Provider
from creatorverse.progress import track
from creatorverse.search.chapters import Mode
from creatorverse.settings import get_settings

Q = load("creatorverse", "cli.sql")

# Typer's rich help shows a `<bool>` type next to every flag; a flag takes no value.
_display_type_rich = TyperOption.display_type_rich
TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _display_type_rich(self, ctx)

app = typer.Typer(no_args_is_help=True, help="Creatorverse: the data platform for AI story-to-video studios.")
db_app = typer.Typer(no_args_is_help=True, help="The database: embedded server or DATABASE_URL.")
app.add_typer(db_app, name="db")
stripe_app = typer.Typer(no_args_is_help=True, help="Stripe webhook ingestion.")
app.add_typer(stripe_app, name="stripe")
books_app = typer.Typer(no_args_is_help=True, help="Books: import manuscripts, embed chapters.")
app.add_typer(books_app, name="books")
watch_app = typer.Typer(no_args_is_help=True, help="Watch: the streaming catalogue.")
app.add_typer(watch_app, name="watch")
invest_app = typer.Typer(no_args_is_help=True, help="Invest: crowdfunding.")
app.add_typer(invest_app, name="invest")
org_app = typer.Typer(no_args_is_help=True, help="Organizations, as the operator, through the API's RPCs.")
app.add_typer(org_app, name="org")
user_app = typer.Typer(no_args_is_help=True, help="Users (as Supabase Auth creates them on sign-up).")
app.add_typer(user_app, name="user")
generate_app = typer.Typer(no_args_is_help=True, help="Generate media: a film from a story or a script.")
app.add_typer(generate_app, name="generate")
duties_app = typer.Typer(help="Timed duties the elected scheduler runs (docs/duties.md).")
app.add_typer(duties_app, name="duties")
# soft wrap: a message stays one line however narrow the terminal (tables still fit the width)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


class CliError(Exception):
    """An expected failure: one line, exit code `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _fail(message: str, code: int = 1) -> None:
    raise CliError(message, code)


def _say(message: str) -> None:
    """Chatter that --quiet silences (results are always printed)."""
    if not progress_output.QUIET:
        console.print(message)


def _warn(message: str) -> None:
    err_console.print(f"[bold yellow]warning:[/] {message}", highlight=False)


@app.callback()
def _options(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bars, progress lines or chatter"),
) -> None:
    progress_output.QUIET = quiet


def _connect() -> psycopg.Connection:
    return psycopg.connect(connect.database_url(get_settings()))


def _where(settings) -> str:
    """Where the database is, without credentials."""
    if not settings.database_url:
        return f"the embedded server (data in {settings.pgdata})"
    info = psycopg.conninfo.conninfo_to_dict(settings.database_url)
    return f"{info.get('host') or 'localhost'}:{info.get('port') or 5432}/{info.get('dbname') or ''} (DATABASE_URL)"


# --------------------------------------------------------------------------- db


@db_app.command()
def start() -> None:
    """Start the embedded server and create the project database (a no-op with DATABASE_URL)."""
    settings = get_settings()
    if settings.database_url:
        console.print(
            f"DATABASE_URL is set: nothing to start (no-op); the CLI uses {_where(settings)} as it is. "
            "`creatorverse db status` checks that it is reachable."
        )
        return
    url = connect.database_url(settings)
    console.print(f"[green]database ready[/] ({_where(settings)})")
    console.print(url)


@db_app.command()
def stop() -> None:
    """Stop the embedded server (a no-op with DATABASE_URL)."""
    settings = get_settings()
    if settings.database_url:
        console.print("DATABASE_URL is set: there is no embedded server to stop (no-op)")
        return
    console.print("stopped" if server.stop(settings.pgdata) else "not running")


@db_app.command()
def status() -> None:
    """Whether the database is reachable, its server version and applied migrations (exit 1 if not reachable)."""
    settings = get_settings()
    if settings.embedded:
        state = server.status(settings.pgdata)
        if not state.running:
            console.print(f"embedded server: [yellow]stopped[/] (data {state.pgdata}): `creatorverse db start`")
            raise typer.Exit(1)
        console.print(f"embedded server: [green]running[/] (pid {state.pid}, data {state.pgdata})")
        url = connect.database_url(settings, start=False)
    else:
        url = settings.database_url
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            version = conn.execute(Q["server_version"]).fetchone()[0]
            ledger = conn.execute(Q["has_migrations_ledger"]).fetchone()[0]
            applied = conn.execute(Q["migrations_applied"]).fetchone()[0] if ledger else 0
    except psycopg.OperationalError as error:
        console.print(f"{_where(settings)}: [red]unreachable[/] ({_connection_reason(error)})")
        raise typer.Exit(1) from None
    console.print(f"{_where(settings)}: [green]reachable[/], PostgreSQL {version}; {applied} migrations applied")


@db_app.command()
def url() -> None:
    """Print the database URL (starting the embedded server if needed)."""
    print(connect.database_url(get_settings()))


@db_app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Open psql on the database; other arguments go to psql (`db psql -c 'select 1'`).",
)
def psql(ctx: typer.Context) -> None:
    settings = get_settings()
    target = connect.database_url(settings)
    embedded_psql = server.bin_dir() / "psql"
    binary = str(embedded_psql) if embedded_psql.exists() else "psql"
    try:
        sys.exit(subprocess.call([binary, target, *ctx.args]))
    except FileNotFoundError:
        _fail("psql is not installed: install the PostgreSQL client (e.g. apt-get install postgresql-client)")


def _migrate(dry_run: bool = False, include_all: bool = False) -> None:
    settings = get_settings()
    migrator = Migrator(connect.database_url(settings), settings.migrations_dir)
    started = time.perf_counter()
    try:
        with track("migrate", "migrations") as progress:
            plan = migrator.run(dry_run=dry_run, include_all=include_all, progress=progress)
    except MigrationError as error:
        _fail(str(error))
    verb = "would apply" if dry_run else "applied"
    for m in plan.pending:
        _say(f"  {verb} [cyan]{m.version}[/] {m.name}")
    if plan.empty:
        _say("nothing to apply: the database is up to date")
    else:
        _say(f"{verb} {len(plan.pending)} migrations in {time.perf_counter() - started:.2f}s")


@db_app.command()
def migrate(
    dry_run: bool = typer.Option(False, "--dry-run", help="list what would run, change nothing"),
    include_all: bool = typer.Option(
        False, "--include-all", help="also apply migrations older than the newest applied (a merged branch's)"
    ),
) -> None:
    """Apply pending migrations (the complete deploy artifact, as `supabase db push` does; like
    it, refuses one older than the newest applied unless --include-all)."""
    _migrate(dry_run, include_all)


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
    snapshot (supabase/schema.sql, docs/erd, the generated client types) is stale."""
    from creatorverse.db.compile import drift
    from creatorverse.db.scratch import ScratchServer
    from creatorverse.db.snapshot import stale_files
    from creatorverse.db.typegen import TypegenError

    settings = get_settings()
    scratch = ScratchServer(connect.scratch_admin_url(settings))
    try:
        result = drift(settings, scratch)
        with scratch.session("snapshot"):
            stale = stale_files(settings, scratch.migrated("snapshot", settings.migrations_dir))
    except (MigrationError, TypegenError) as error:
        _fail(str(error))
    if not result.clean:
        console.print(result.migration_sql, markup=False, highlight=False)
        _fail("the declarative files changed without a migration: run `creatorverse db diff NAME`")
    if stale:
        _fail("stale snapshot files (run `creatorverse db snapshot`): " + ", ".join(map(str, stale)))
    console.print("in step: the migrations build what the declarative files define; the snapshot is current")


@db_app.command()
def snapshot() -> None:
    """Rewrite supabase/schema.sql, docs/erd/*.md and the client types (supabase/types/database.ts,
    src/creatorverse/db/types.py) from a database built by the migrations."""
    from creatorverse.db.scratch import ScratchServer
    from creatorverse.db.snapshot import write_files
    from creatorverse.db.typegen import TypegenError

    settings = get_settings()
    scratch = ScratchServer(connect.scratch_admin_url(settings))
    try:
        with scratch.session("snapshot"):
            written = write_files(settings, scratch.migrated("snapshot", settings.migrations_dir))
    except (MigrationError, TypegenError) as error:
        _fail(str(error))
    for path in written:
        console.print(f"  wrote {path.relative_to(settings.project_root)}")


@db_app.command("status-machines")
def status_machines(
    machines: list[str] = typer.Argument(None, help="machines to render (default: all)"),
    write: bool = typer.Option(False, "--write", help="replace each statement in its declarative file"),
) -> None:
    """Print each status machine's status_machine trigger, rendered from its rows of
    private.transitions in the database; --write puts them in supabase/functions (then `db diff`)."""
    from creatorverse.db.status_machines import rendered, rewrite

    settings = get_settings()
    try:
        with psycopg.connect(connect.database_url(settings)) as conn:
            statements = rendered(conn, machines)
        if not write:
            print("\n\n".join(statements.values()))
            return
        changed = rewrite(settings.project_root / "supabase" / "functions", statements, write=True)
    except ValueError as error:
        _fail(str(error))
    for path in changed:
        console.print(f"  wrote {path.relative_to(settings.project_root)}")
    if not changed:
        console.print("no changes: the declarative files hold these machines as rendered")


@db_app.command()
def reset(yes: bool = typer.Option(False, "--yes", help="do not ask")) -> None:
    """Drop the embedded project database, recreate it and migrate (asks first; exit 1 if declined)."""
    settings = get_settings()
    if settings.database_url:
        _fail("reset only manages the embedded database; it never drops a DATABASE_URL database")
    if not yes and not typer.confirm(f"drop database {settings.database_name} and everything in it?"):
        _fail("nothing changed")
    server.drop_database(connect.embedded_admin_url(settings), settings.database_name)
    _migrate()


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    book: Path = typer.Option(
        None, exists=True, dir_okay=False, help="manuscript to import (default: examples/the_lantern_keeper.md)"
    ),
    story: Path = typer.Option(
        None, exists=True, dir_okay=False, help="story to film (default: examples/the_harbor_light.md)"
    ),
    film: bool = typer.Option(True, "--film/--no-film", help="make the story's film"),
    search: bool = typer.Option(True, "--search/--no-search", help="import, embed and search the book"),
) -> None:
    """The main job: database up and migrated, a story made into a film (MP4, subtitles,
    storyboard, cost report), a book imported, embedded and searched."""
    from creatorverse.db.summary import schema_summary
    from creatorverse.demo import DEMO_CREDITS, make_film, run_demo
    from creatorverse.media.storage.configured import storage_from_settings

    _migrate()
    settings = get_settings()
    target = connect.database_url(settings)
    with psycopg.connect(target) as conn:
        if film:
            made = make_film(
                conn,
                target,
                storage_from_settings(settings),
                story or settings.project_root / "examples" / "the_harbor_light.md",
                credits=DEMO_CREDITS,
            )
            _print_film(made)
        if not search:
            return
        result = run_demo(
            conn, book or settings.project_root / "examples" / "the_lantern_keeper.md", default_book=book is None
        )
        rows = schema_summary(conn)
    if result.imported:
        console.print(f"imported [bold]{result.imported.title}[/]: {result.imported.chapters} chapters")
        for warning in result.imported.warnings:
            _warn(warning)
    elif result.already:
        console.print(f"{book.name} is already in the studio as [bold]{result.already}[/]: not imported again")
    console.print(f"embedded {result.embedded} chapters with {result.model}")
    for query, hits in result.searches.items():
        _print_hits(hits, f"hybrid search as the studio owner: {query!r}")
    available, plan = result.wallet
    console.print(f"Demo Studio: {plan} plan, {available} credits available")
    table = Table(title="Creatorverse schema")
    for column in ("schema", "tables", "with RLS", "policies", "functions", "views"):
        table.add_column(column, justify="right" if column != "schema" else "left")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    console.print(table)
    console.print(f"the demo organization's slug: [bold]{result.slug}[/]")
    console.print(f"import into it: creatorverse books import FILE -o {result.slug}")
    console.print(f"search it: creatorverse search 'a lighthouse in winter' --org {result.slug}")
    console.print(f"film your own story: creatorverse generate film --story FILE --org {result.slug}")
    console.print(
        f"develop a book (plot overview, characters, chapter scripts): "
        f"creatorverse generate story --book FILE --org {result.slug}"
    )
    console.print(f"connect with: [bold]{target}[/]")


def _print_film(made) -> None:
    report = made.report
    if made.imported:
        console.print(f"imported [bold]{made.book}[/] into {made.slug}")
    verb = "reused the film made before (nothing charged again)" if made.reused else "made the film"
    console.print(f"{verb}: [bold]{made.book}[/], {report.scenes} scenes, {report.status}")
    if report.video:
        size = report.video.stat().st_size / 1e6 if report.video.exists() else 0
        console.print(f"video:      [bold]{report.video}[/] ({report.duration_seconds or 0:.1f} s, {size:.1f} MB)")
    if report.subtitles:
        console.print(f"subtitles:  {report.subtitles}")
    if report.thumbnail:
        console.print(f"thumbnail:  {report.thumbnail}")
    if made.storyboard:
        console.print(f"storyboard: {made.storyboard}")
    console.print(f"total time: {made.seconds:.1f} s")
    # plain columns: the report stays whole however narrow the terminal
    console.print("stages, and usage by provider and model (analytics.pipeline_usage):")
    console.print(f"  {'stage':<12}{'provider':<10}{'model':<16}{'jobs':>5}{'tries':>6}{'span s':>8}{'run s':>8}"
                  f"{'est. cr':>9}{'captured':>9}{'USD':>9}", highlight=False)  # fmt: skip
    for s in report.stages:
        span = f"{s.span_seconds:.1f}" if s.span_seconds is not None else "-"
        run = f"{s.run_seconds:.1f}" if s.run_seconds is not None else "-"
        console.print(f"  {s.stage:<12}{s.provider:<10}{s.model:<16}{s.jobs:>5}{s.attempts:>6}{span:>8}{run:>8}"
                      f"{s.estimated_credits:>9}{s.actual_credits:>9}{s.cost_usd:>9.4f}", highlight=False)  # fmt: skip
    credits = report.credits
    console.print(
        f"credits: held {credits['held']}, captured {credits['captured']}, released {credits['released']} "
        f"(ledger of the film's {sum(s.jobs for s in report.stages)} jobs)"
    )


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


# --------------------------------------------------------------------------- books


@books_app.command("import")
def books_import(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a .txt or .md manuscript"),
    organization: str = typer.Option(..., "--organization", "--org", "-o", help="organization slug or id (any case)"),
    title: str | None = typer.Option(None, help="the book's title (default: detected)"),
    encoding: str = typer.Option("utf-8", help="the file's text encoding, e.g. cp949, euc-kr, latin-1"),
    as_new: bool = typer.Option(False, "--as-new", help="import again even if this organization has the same file"),
) -> None:
    """Split a manuscript into chapters by its headings (and by size) and queue them for embedding."""
    from creatorverse.books.importer import AlreadyImported, import_book

    with _connect() as conn:
        try:
            with track("import", "chapters") as progress:
                book = import_book(
                    conn, organization, file, title=title, encoding=encoding, as_new=as_new, progress=progress
                )
        except AlreadyImported as duplicate:
            console.print(str(duplicate))
            return
    for warning in book.warnings:
        _warn(warning)
    console.print(f"imported [bold]{book.title}[/]: {book.chapters} chapters ({book.method}), book {book.book_id}")
    _say("embed its chapters with `creatorverse books embed`")


_PROVIDER = typer.Option(
    Provider.local,
    "--provider",
    envvar="EMBEDDINGS_PROVIDER",
    help="local: all-MiniLM-L6-v2 on this machine; openai: an OpenAI-compatible embeddings API",
)
_BASE_URL = typer.Option(
    OPENAI_BASE_URL, envvar="EMBEDDINGS_BASE_URL", help="openai provider: the API's base URL (POST {url}/embeddings)"
)
_API_KEY = typer.Option(
    None,
    envvar="EMBEDDINGS_API_KEY",
    show_default=False,
    help="openai provider: the API key (required for api.openai.com)",
)
_MODEL = typer.Option(
    None,
    envvar="EMBEDDINGS_MODEL",
    show_default=False,
    help=f"the model; default {DEFAULT_MODELS[Provider.local]} (local), {DEFAULT_MODELS[Provider.openai]} (openai)",
)


def _embedder(provider: Provider, base_url: str, api_key: str | None, model: str | None):
    from creatorverse.embeddings import make_embedder

    if provider is Provider.local:
        return make_embedder(provider, model=model)
    return make_embedder(provider, base_url=base_url, api_key=api_key, model=model)


@books_app.command("embed")
def books_embed(
    provider: Provider = _PROVIDER,
    batch_size: int = typer.Option(16, min=1, max=256, help="chapters per transaction"),
    base_url: str = _BASE_URL,
    api_key: str | None = _API_KEY,
    model: str | None = _MODEL,
) -> None:
    """Embed every chapter waiting in the queue, in batches."""
    from creatorverse.embeddings.queue import embed_pending

    embedder = _embedder(provider, base_url, api_key, model)
    started = time.perf_counter()
    with _connect() as conn, track("embed", "chapters") as progress:
        done = embed_pending(conn, embedder, batch_size, progress=progress)
    console.print(f"embedded {done} chapters with {embedder.model_name} in {time.perf_counter() - started:.1f}s")


@watch_app.command("embed")
def watch_embed(
    provider: Provider = _PROVIDER,
    batch_size: int = typer.Option(16, min=1, max=256, help="contents per transaction"),
    base_url: str = _BASE_URL,
    api_key: str | None = _API_KEY,
    model: str | None = _MODEL,
) -> None:
    """Embed every content without a vector (title, genre, synopsis, description) for match scores."""
    from creatorverse.watch.embed import embed_pending_contents

    embedder = _embedder(provider, base_url, api_key, model)
    started = time.perf_counter()
    with _connect() as conn:
        done = embed_pending_contents(conn, embedder, batch_size)
    console.print(f"embedded {done} contents with {embedder.model_name} in {time.perf_counter() - started:.1f}s")


@invest_app.command("refunds")
def invest_refunds(
    api_key: str = typer.Option(..., envvar="STRIPE_SECRET_KEY", help="Stripe secret key"),
    batch_size: int = typer.Option(20, min=1, max=100),
) -> None:
    """Ask Stripe to refund every investment whose money is owed back (payment_status refund_pending)."""
    from creatorverse.invest.refunds import send_owed_refunds, stripe_refunder

    with _connect() as conn:
        done = send_owed_refunds(conn, stripe_refunder(api_key), batch_size)
    console.print(f"requested {done} refunds from Stripe")


# --------------------------------------------------------------------------- search


def _print_hits(hits, title: str) -> None:
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("book / chapter", max_width=26, overflow="fold")
    table.add_column("snippet", ratio=1, min_width=30)
    table.add_column("score", justify="right")
    table.add_column("kw", justify="right")
    table.add_column("sem", justify="right")
    for hit in hits:
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        chapter = f"{hit.chapter_number}. {hit.chapter_title}" if hit.chapter_title else f"chapter {hit.chapter_number}"
        table.add_row(
            Text.assemble((hit.book, "bold"), "\n", chapter),
            snippet,
            f"{hit.score:.4f}",
            "" if hit.keyword_rank is None else str(hit.keyword_rank),
            "" if hit.semantic_rank is None else str(hit.semantic_rank),
        )
    console.print(table)
    _say("kw / sem: the chapter's rank in the keyword and the semantic search (blank: not found by that side)")


@app.command("search")
def search_command(
    text: str = typer.Argument(..., help="what to look for (any language)"),
    org: str | None = typer.Option(None, "--org", "-o", help="only this organization (slug or id), as its owner"),
    book: str | None = typer.Option(None, "--book", "-b", help="only this book (id or title)"),
    k: int = typer.Option(10, "-k", "--limit", min=1, max=100, help="how many chapters"),
    mode: Mode = typer.Option(Mode.hybrid, "--mode", help="hybrid (words and meaning), vector or keyword"),
    as_user: str | None = typer.Option(
        None, "--as", help="search as this user (email), through row-level security; default: the organization's owner"
    ),
    provider: Provider = _PROVIDER,
    base_url: str = _BASE_URL,
    api_key: str | None = _API_KEY,
    model: str | None = _MODEL,
) -> None:
    """Search chapters with the project's search RPCs, as a user would through the API.

    Without --org and --as the search runs as the service role, across every organization."""
    from creatorverse.accounts import operator
    from creatorverse.search.chapters import find_book, search

    embedder = _embedder(provider, base_url, api_key, model)
    with _connect() as conn:
        organization = operator.organization(conn, org) if org else None
        user = operator.user_id(conn, as_user) if as_user else None
        if user is None and organization is not None:
            user = operator.primary_owner(conn, organization.id)
        book_id = find_book(conn, book, organization.id if organization else None) if book else None
        hits = search(
            conn,
            embedder,
            text,
            mode=mode,
            k=k,
            organization_id=organization.id if organization else None,
            book_id=book_id,
            as_user=user,
        )
    scope = f"in {organization.slug}" if organization else "in every organization"
    who = f"as {as_user}" if as_user else "as its owner" if organization else "as the service role"
    if not hits:
        console.print(f"no chapters found for {text!r} ({mode.value} search {scope} {who})")
        return
    _print_hits(hits, f"{mode.value} search {scope} {who}: {text!r}")


# --------------------------------------------------------------------------- organizations and users


_DEFAULT_OWNER = "owner@creatorverse.local"


@org_app.command("create")
def org_create(
    name: str = typer.Argument(..., help="the organization's name"),
    owner: str = typer.Option(
        _DEFAULT_OWNER,
        "--owner",
        envvar="CREATORVERSE_OWNER_EMAIL",
        help="the owner's email; the default local owner is created on first use, others with `user create`",
    ),
    slug: str | None = typer.Option(None, help="URL slug (default: from the name)"),
) -> None:
    """Create a team organization: its owner calls public.create_organization, as in the API."""
    from creatorverse.accounts import operator

    with _connect() as conn:
        if owner == _DEFAULT_OWNER:
            owner_id = operator.ensure_user(conn, owner, "Local Owner")
        else:
            owner_id = operator.user_id(conn, owner)
        created = operator.create_organization(conn, name, owner_id, slug=slug)
    console.print(f"created organization [bold]{created.name}[/] owned by {owner}")
    console.print(f"slug: [bold]{created.slug}[/]  id: {created.id}")
    _say(f"import a book into it: creatorverse books import FILE -o {created.slug}")


@org_app.command("list")
def org_list(
    include_personal: bool = typer.Option(False, "--all", help="also every user's personal organization"),
) -> None:
    """Organizations (team ones; --all adds personal ones), with owner, members and books."""
    from creatorverse.accounts import operator

    with _connect() as conn:
        rows = operator.organizations(conn, include_personal=include_personal)
    if not rows:
        console.print("no organizations yet: create one with `creatorverse org create NAME`")
        return
    table = Table(title="organizations", title_justify="left")
    for column in ("slug", "name", "kind", "owner", "members", "books"):
        table.add_column(column, justify="right" if column in ("members", "books") else "left", overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row[:6]))
    console.print(table)


@org_app.command("members")
def org_members(organization: str = typer.Argument(..., help="slug or id (any case)")) -> None:
    """An organization's members and their roles."""
    from creatorverse.accounts import operator

    with _connect() as conn:
        found = operator.organization(conn, organization)
        rows = operator.members(conn, found.id)
    table = Table(title=f"members of {found.slug}", title_justify="left")
    for column in ("email", "role", "name", "joined", "user id"):
        table.add_column(column)
    for email, role, name, joined, user_id in rows:
        table.add_row(email or "", role, name, f"{joined:%Y-%m-%d %H:%M}", str(user_id))
    console.print(table)


@user_app.command("create")
def user_create(
    email: str = typer.Argument(..., help="the user's email"),
    name: str | None = typer.Option(None, help="display name (default: from the email)"),
) -> None:
    """Create a user as Supabase Auth does on sign-up (profile and personal organization follow)."""
    from creatorverse.accounts import operator

    with _connect() as conn:
        created = operator.create_user(conn, email, name)
    console.print(f"created user {email.lower()} ({created})")


# --------------------------------------------------------------------------- errors


def _connection_reason(error: psycopg.OperationalError) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return first.rsplit("failed: ", 1)[-1].strip()


def _message(error: BaseException) -> tuple[str, int] | None:
    """The one line (and exit code) for an expected failure; None for a bug."""
    import httpx
    import pydantic

    from creatorverse.books.importer import ManuscriptError

    if isinstance(error, CliError):
        return str(error), error.code
    if isinstance(error, pydantic.ValidationError):
        problems = []
        for problem in error.errors():
            name, message = ".".join(str(p) for p in problem["loc"]), problem["msg"].replace("Value error, ", "")
            problems.append(message if name in message else f"{name}: {message}")
        return "bad setting: " + "; ".join(problems), 1
    if isinstance(error, psycopg.OperationalError) and (error.sqlstate is None or error.sqlstate[:2] in ("08", "28")):
        settings = get_settings()
        check = (
            "check that the server is running and that DATABASE_URL's host, port, user and password are right"
            if settings.database_url
            else "check `creatorverse db status`"
        )
        return f"cannot connect to {_where(settings)}: {_connection_reason(error)}; {check}", 1
    if isinstance(error, psycopg.Error):
        hint = f" (hint: {error.diag.message_hint})" if error.diag.message_hint else ""
        return f"{error.diag.message_primary or error} [SQLSTATE {error.sqlstate}]{hint}", 1
    if isinstance(error, httpx.HTTPStatusError):
        return f"the embeddings service answered {error.response.status_code} for {error.request.url}", 1
    if isinstance(error, httpx.HTTPError):
        return f"cannot reach the embeddings service: {error}", 1
    if isinstance(error, (ManuscriptError, LookupError, FileExistsError, ValueError)):
        return str(error).strip("'\""), 1
    return None


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
    poll_only: bool = typer.Option(
        False, "--poll-only", help="no LISTEN (implied behind a transaction pooler: CREATORVERSE_DATABASE_POOLER)"
    ),
    lease_seconds: int | None = typer.Option(None, help="lease length (default: the kind's)"),
    grace_seconds: float = typer.Option(30.0, help="on SIGTERM, wait this long before handing jobs back"),
    reap_interval: float = typer.Option(5.0, help="seconds between looks for expired leases"),
    webhooks: bool = typer.Option(True, "--webhooks/--no-webhooks", help="deliver webhooks from the outbox"),
    scheduler: bool = typer.Option(True, "--scheduler/--no-scheduler", help="take part in scheduler election"),
    scheduler_tick: float = typer.Option(5.0, min=0.01, help="seconds between the scheduler's ticks"),
    scheduler_lease: int = typer.Option(
        30, min=1, max=3600, help="seconds a dead scheduler leader keeps the role before another takes it"
    ),
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
            scheduler_tick=scheduler_tick,
            scheduler_lease_seconds=scheduler_lease,
            until_empty=until_empty,
        )
        engine.run_worker(config, logs.setup(log_level))
    except ValueError as error:
        _fail(str(error))


@duties_app.callback(invoke_without_command=True)
def duties_list(ctx: typer.Context) -> None:
    """Every timed duty: cadence, next due time, last run (duration, rows, error), failures in a row."""
    if ctx.invoked_subcommand is not None:
        return
    with psycopg.connect(connect.database_url(get_settings())) as conn:
        cursor = conn.execute(Q["duties"])
        table = Table(title="duties")
        for column in cursor.description:
            table.add_column(column.name)
        for row in cursor:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


@duties_app.command("run")
def duties_run(name: str = typer.Argument(..., help="the duty's name (`creatorverse duties` lists them)")) -> None:
    """Run one duty now, due or not (never beside another run of it); exit 1 if it fails."""
    import asyncio

    from creatorverse.workers.duties import run_duty

    url = connect.database_url(get_settings())

    async def run():
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            return await run_duty(conn, name, database_url=url, force=True)

    result = asyncio.run(run())
    if result is None:
        raise CliError(f"duty {name} is running elsewhere right now; try again when it finishes")
    if result.error:
        raise CliError(f"duty {name} failed: {result.error}")
    _say(f"{name}: {result.rows} rows in {result.duration_ms} ms; next due {result.next_due_at:%Y-%m-%d %H:%M:%S %Z}")


@generate_app.command("film")
def generate_film(
    story: Path = typer.Option(None, "--story", exists=True, dir_okay=False, help="a .md/.txt story or book"),
    script: str = typer.Option(None, "--script", help="the id of a script whose scenes are written"),
    org: str = typer.Option(None, "--org", "-o", help="organization (slug or id; default: the demo studio)"),
    as_email: str = typer.Option(None, "--as", help="request as this user (default: the organization's owner)"),
    lipsync: bool = typer.Option(False, "--lipsync/--no-lipsync", help="a lip-sync job per scene"),
    width: int = typer.Option(640, min=16, max=3840),
    height: int = typer.Option(360, min=16, max=3840),
    fps: int = typer.Option(12, min=1, max=60),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="run the workers here until the film is made"),
) -> None:
    """A film through the scene pipeline (public.request_film): from a story (imported, split into
    scenes by the local writer) or from an existing script. The same request twice: the same film."""
    from creatorverse.accounts import operator
    from creatorverse.demo import make_film
    from creatorverse.media.storage.configured import storage_from_settings

    if (story is None) == (script is None):
        _fail("give either --story FILE or --script ID", 2)
    if story is not None and not wait:
        _fail("--no-wait needs --script (a story is filmed here)", 2)
    settings = get_settings()
    target = connect.database_url(settings)
    options = {"width": width, "height": height, "fps": fps, "lipsync": lipsync}
    with psycopg.connect(target) as conn:
        user = operator.user_id(conn, as_email) if as_email else None
        made = make_film(conn, target, storage_from_settings(settings), story, script_id=script, organization=org,
                         as_user=user, options=options, wait=wait)  # fmt: skip
    if not wait:
        console.print(f"film {made.film_id}: {made.status}")
        return
    _print_film(made)


@generate_app.command("story")
def generate_story(
    book: str = typer.Option(..., "--book", help="a .md/.txt book (imported once) or the id of a book"),
    org: str = typer.Option(None, "--org", "-o", help="organization (slug or id; default: the demo studio)"),
    as_email: str = typer.Option(None, "--as", help="request as this user (default: the organization's owner)"),
    provider: str = typer.Option(None, "--provider", help="the provider credential to write with (default: chosen)"),
    again: bool = typer.Option(False, "--again", help="develop it again: a new version of the overview"),
) -> None:
    """LitinkAI's story development (public.request_story): the book's plot overview, its
    characters with archetypes and roles, and per chapter a plot-enhanced script with scenes,
    written by in-process workers. The same request twice: the same story, charged once."""
    import asyncio
    import uuid

    from creatorverse.accounts import operator
    from creatorverse.demo import story_book
    from creatorverse.media import story
    from creatorverse.media.storage.configured import storage_from_settings

    settings = get_settings()
    target = connect.database_url(settings)
    with psycopg.connect(target) as conn:
        user = operator.user_id(conn, as_email) if as_email else None
        path = Path(book)
        if path.is_file():
            _, user, _, book_id, _ = story_book(conn, path, org, user)
            conn.commit()  # the imported book stays, whatever the request says
        else:
            row = conn.execute(Q["book_by_id"], {"book": book}).fetchone()
            if row is None:
                _fail(f"no book file or book id {book}")
            book_id, user = row[0], user or operator.primary_owner(conn, row[1])
        options = {"provider": provider} if provider else {}
        key = f"story:{book_id}" + (f":{uuid.uuid4()}" if again else "")
        root, status = story.request_story(conn, book_id, user, options, key)
        conn.commit()  # the workers' connections must see the jobs
        console.print(f"story {root}: {status}")
        if status not in story.FINAL:
            with track("story", "jobs"):
                state = asyncio.run(story.run_story(target, storage_from_settings(settings), root))
            if state["errors"]:
                _fail(f"the story stopped: {state['errors']}")
        _print_story(story.story_report(conn, root))


def _print_story(report: dict) -> None:
    overview = report["overview"]
    if overview is None:
        console.print(f"no plot overview yet ({report['status']})")
        return
    console.print(f"[bold]logline[/]: {overview['logline']}", highlight=False)
    console.print(f"genre: {overview['genre']} · tone: {overview['tone']} · audience: {overview['audience']} · "
                  f"version {overview['version']} by {overview['generation_method']}", highlight=False)  # fmt: skip
    console.print(f"themes: {', '.join(overview['themes'])}", highlight=False)
    console.print(f"setting: {overview['setting'] or ''}", highlight=False)
    cast = Table(title="characters")
    for column in ("name", "role", "archetypes"):
        cast.add_column(column)
    for c in report["characters"]:
        cast.add_row(c["name"], c["role"] or "", ", ".join(c["archetypes"]))
    console.print(cast)
    scripts = Table(title="plot-enhanced chapter scripts")
    for column in ("chapter", "title", "scenes", "script (film it: creatorverse generate film --script ID)"):
        scripts.add_column(column)
    for s in report["scripts"]:
        scripts.add_row(str(s["chapter_number"]), s["title"], str(s["scene_count"]), str(s["script_id"]))
    console.print(scripts)
    credits = report["credits"]
    console.print(f"credits: {credits.get('hold', 0)} held, {credits.get('capture', 0)} captured, "
                  f"{credits.get('release', 0)} released")  # fmt: skip


@app.command("jobs")
def jobs(
    org: str = typer.Option(None, "--org", "-o", help="only this organization's jobs (slug or id)"),
    limit: int = typer.Option(15, min=1, max=200, help="recent jobs listed"),
    watch: bool = typer.Option(False, "--watch", "-w", help="refresh until Ctrl-C"),
    interval: float = typer.Option(2.0, min=0.2, help="seconds between refreshes with --watch"),
) -> None:
    """The queue: waiting (ready or for inputs), running and failed jobs by kind, the oldest
    waiting, the latest jobs with their status and progress, and the workers' live metrics."""
    from rich.console import Group
    from rich.live import Live

    from creatorverse.accounts import operator

    def render(conn: psycopg.Connection):
        org_id = operator.organization(conn, org).id if org else None
        kinds = Table(title="jobs by kind")
        cursor = conn.execute(Q["jobs_by_kind"], {"org": org_id})
        for column in cursor.description:
            kinds.add_column(column.name.replace("_", " "), justify="left" if column.name == "kind" else "right")
        for row in cursor:
            kinds.add_row(*(str(v) for v in row))
        latest = Table(title=f"latest {limit} jobs")
        cursor = conn.execute(Q["latest_jobs"], {"org": org_id, "rows": limit})
        for column in cursor.description:
            latest.add_column(column.name)
        for row in cursor:
            latest.add_row(*(str(v) for v in row))
        workers = Table(title="workers")
        cursor = conn.execute(Q["workers"])
        for column in cursor.description:
            workers.add_column(column.name.replace("_", " "))
        for row in cursor:
            workers.add_row(*(str(v) for v in row))
        return Group(kinds, latest, workers)

    with psycopg.connect(connect.database_url(get_settings()), autocommit=True) as conn:
        if not watch:
            console.print(render(conn))
            return
        try:
            with Live(render(conn), console=console, refresh_per_second=4) as live:
                while True:
                    time.sleep(interval)
                    live.update(render(conn))
        except KeyboardInterrupt:
            pass


def main() -> None:  # pragma: no cover - console entry point (tests run it as a subprocess)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as error:
        known = _message(error)
        if known is None:
            raise
        err_console.print(f"[bold red]error:[/] {known[0]}", highlight=False)
        sys.exit(known[1])
