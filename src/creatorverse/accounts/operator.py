"""The operator's user and organization commands.

Users are created the way Supabase Auth creates them (a row in auth.users; the signup
trigger adds the profile and the personal organization). Everything else goes through the
API: an organization is created by its owner calling public.create_organization, and
reads run as the service role, so the RPCs' checks and the tables' grants apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from creatorverse.db.acting import acting_as, acting_as_service
from creatorverse.db.queries import load

Q = load("creatorverse.accounts", "accounts.sql")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


@dataclass(frozen=True)
class Organization:
    id: UUID
    slug: str
    name: str


def slugify(name: str) -> str:
    """A URL-safe slug as create_organization accepts it: a-z, 0-9, inner hyphens, at most 63."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")
    if not slug:
        raise ValueError(f"cannot make a URL slug (a-z, 0-9, -) from {name!r}: pass --slug")
    return slug


def user_id(conn: psycopg.Connection, email: str) -> UUID:
    row = conn.execute(Q["user_by_email"], {"email": email}).fetchone()
    if row is None:
        raise LookupError(f"no user with email {email}: create one with `creatorverse user create {email}`")
    return row[0]


def create_user(conn: psycopg.Connection, email: str, full_name: str | None = None) -> UUID:
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise ValueError(f"{email!r} is not an email address")
    with conn.transaction():
        if conn.execute(Q["user_by_email"], {"email": email}).fetchone():
            raise FileExistsError(f"a user with email {email.lower()} already exists")
        meta = {"full_name": full_name} if full_name else {}
        return conn.execute(Q["insert_user"], {"email": email, "meta": Jsonb(meta)}).fetchone()[0]


def ensure_user(conn: psycopg.Connection, email: str, full_name: str | None = None) -> UUID:
    try:
        return user_id(conn, email)
    except LookupError:
        return create_user(conn, email, full_name)


def create_organization(conn: psycopg.Connection, name: str, owner: UUID, slug: str | None = None) -> Organization:
    """`owner` creates the organization through the RPC, as a signed-in client would."""
    slug = slug or slugify(name)
    with acting_as(conn, owner):
        row = conn.execute(Q["create_organization"], {"name": name, "slug": slug}).fetchone()
    return Organization(row[0], row[1], name.strip())


def organization(conn: psycopg.Connection, ref: str) -> Organization:
    """An organization by id or slug, either in any case."""
    row = conn.execute(Q["organization"], {"ref": ref.strip()}).fetchone()
    if row is None:
        raise LookupError(f"no organization with id or slug {ref!r} (see `creatorverse org list`)")
    return Organization(*row)


def primary_owner(conn: psycopg.Connection, organization_id: UUID) -> UUID:
    return conn.execute(Q["primary_owner"], {"organization_id": organization_id}).fetchone()[0]


def organizations(conn: psycopg.Connection, *, include_personal: bool = False) -> list[tuple]:
    with acting_as_service(conn):
        return conn.execute(Q["organizations"], {"include_personal": include_personal}).fetchall()


def members(conn: psycopg.Connection, organization_id: UUID) -> list[tuple]:
    with acting_as_service(conn):
        return conn.execute(Q["members"], {"organization_id": organization_id}).fetchall()
