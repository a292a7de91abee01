"""Supabase Storage's object routes on 127.0.0.1, for tests of the Storage backend: uploads
(multipart, `x-upsert`), downloads, deletes by prefix list, signed URLs with an expiry, and
Storage's error documents (`{"statusCode": "409", "error": "Duplicate", "message": …}`) for a
duplicate key, an object over the size limit, an invalid key, a missing object and an expired
or forged signed URL. Faults can be queued per route (a 503 with `Retry-After`, a dropped
connection) to exercise retries; every request is recorded."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

# storage-api's isValidKey: S3-safe characters only
VALID_KEY = re.compile(r"^(\w|/|!|-|\.|\*|'|\(|\)| |&|\$|@|=|;|:|\+|,|\?)+$")


@dataclass
class Fault:
    status: int = 503
    error: str = "ServiceUnavailable"
    message: str = "try again"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering
    after: bool = False  # the request takes effect, then its answer fails (lost after storing)


@dataclass
class Request:
    method: str
    route: str  # "upload", "download", "delete", "sign", "signed"
    key: str
    headers: dict[str, str]
    body: bytes


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"statusCode": str(status), "error": error, "message": message}


class StorageAPI:
    def __init__(self, service_key: str = "service-key", max_object_bytes: int = 1 << 20):
        self.service_key = service_key
        self.max_object_bytes = max_object_bytes
        self.objects: dict[tuple[str, str], tuple[bytes, str]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.requests: list[Request] = []
        self.secret = b"storage-jwt-secret"
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload, headers = api.handle(self.command, self.path, dict(self.headers), body)
                if status is None:  # a dropped connection
                    self.close_connection = True
                    self.connection.close()
                    return
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def fail(self, route: str, *faults: Fault) -> None:
        self.faults.setdefault(route, []).extend(faults)

    def seen(self, route: str) -> list[Request]:
        return [r for r in self.requests if r.route == route]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # signed URLs: the token carries the object and its expiry, signed (as Storage signs a JWT)
    def _token(self, bucket: str, key: str, expires_in: int) -> str:
        claims = json.dumps({"url": f"{bucket}/{key}", "exp": time.time() + expires_in})
        claims = base64.urlsafe_b64encode(claims.encode())
        return claims.decode() + "." + hmac.new(self.secret, claims, hashlib.sha256).hexdigest()

    def _verify(self, token: str, bucket: str, key: str) -> str | None:
        """None when the token opens `bucket/key` now, else the reason."""
        claims, _, signature = token.partition(".")
        if not hmac.compare_digest(hmac.new(self.secret, claims.encode(), hashlib.sha256).hexdigest(), signature):
            return "invalid signature"
        decoded = json.loads(base64.urlsafe_b64decode(claims))
        if decoded["url"] != f"{bucket}/{key}":
            return "url mismatch"
        if decoded["exp"] <= time.time():
            return "jwt expired"
        return None

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes):
        parts = urlsplit(raw_path)
        path = unquote(parts.path).removeprefix("/storage/v1/object/")
        query = parse_qs(parts.query)
        authorized = headers.get("Authorization") == f"Bearer {self.service_key}"
        if method == "POST" and path.startswith("sign/"):
            route, (bucket, _, key) = "sign", path.removeprefix("sign/").partition("/")
        elif method == "GET" and path.startswith("sign/"):
            route, (bucket, _, key) = "signed", path.removeprefix("sign/").partition("/")
            authorized = True  # the token is the authorization
        elif method == "DELETE" and "/" not in path:
            route, bucket, key = "delete", path, ""
        elif method == "GET":
            route, (bucket, _, key) = "download", path.removeprefix("authenticated/").partition("/")
        elif method in ("POST", "PUT"):
            route, (bucket, _, key) = "upload", path.partition("/")
        else:
            return *_error(404, "not_found", "Route not found"), {}
        self.requests.append(Request(method, route, key, headers, body))
        fault = self.faults[route].pop(0) if self.faults.get(route) else None
        if fault is not None and not fault.after:
            return self._fault(fault)
        answer = self._act(route, bucket, key, headers, body, query, authorized)
        return self._fault(fault) if fault is not None else answer

    @staticmethod
    def _fault(fault: Fault):
        if fault.drop:
            return None, b"", {}
        return *_error(fault.status, fault.error, fault.message), dict(fault.headers)

    def _act(self, route, bucket, key, headers, body, query, authorized):
        if not authorized:
            return *_error(403, "Unauthorized", "invalid signature"), {}
        if route != "delete" and not VALID_KEY.match(key):
            return *_error(400, "InvalidKey", f"Invalid key: {key}"), {}

        if route == "upload":
            if (bucket, key) in self.objects and headers.get("x-upsert") != "true":
                return *_error(409, "Duplicate", "The resource already exists"), {}
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + headers["Content-Type"].encode() + b"\r\n\r\n" + body
            )
            parts = message.iter_parts()
            upload = next(p for p in parts if p.get_param("name", header="content-disposition") == "file")
            content = upload.get_payload(decode=True)
            if len(content) > self.max_object_bytes:
                return *_error(413, "Payload too large", "The object exceeded the maximum allowed size"), {}
            self.objects[(bucket, key)] = (content, upload.get_content_type())
            return 200, {"Key": f"{bucket}/{key}", "Id": hashlib.md5(key.encode()).hexdigest()}, {}
        if route == "delete":
            removed = [p for p in json.loads(body)["prefixes"] if self.objects.pop((bucket, p), None) is not None]
            return 200, [{"name": p, "bucket_id": bucket} for p in removed], {}
        if route == "sign":
            if (bucket, key) not in self.objects:
                return *_error(404, "not_found", "Object not found"), {}
            expires_in = int(json.loads(body)["expiresIn"])
            return 200, {"signedURL": f"/object/sign/{bucket}/{key}?token={self._token(bucket, key, expires_in)}"}, {}
        if route == "signed":
            refused = self._verify(query.get("token", [""])[0], bucket, key)
            if refused:
                return *_error(400, "InvalidJWT", refused), {}
        if (bucket, key) not in self.objects:
            return *_error(404, "not_found", "Object not found"), {}
        content, content_type = self.objects[(bucket, key)]
        return 200, content, {"Content-Type": content_type}
