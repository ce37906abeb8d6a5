"""Webhook mode: the HTTP server Telegram posts updates to, hardened against strangers.

PTB's own webhook server reads a whole body before it checks the secret token, so anyone
could make the bot hold 50 MB posts in memory, and it answers 500 to malformed JSON. This
one checks `X-Telegram-Bot-Api-Secret-Token` as soon as the headers arrive (403, and the
connection is closed before the body is read), caps the body (413), and answers 400 to a
body that is not UTF-8, not JSON, nested too deep, or not an update. An update PTB cannot
parse is acknowledged (200: Telegram would only send it again) and skipped with one log line.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

from telegram import Update
from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler, stream_request_body

from bot.telegram.services import App

log = logging.getLogger(__name__)

# Telegram's updates are a few kilobytes; a message with every entity stays far below this.
MAX_BODY_BYTES = 1 << 20
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


@stream_request_body
class UpdateHandler(RequestHandler):
    """POST <path>: one update from Telegram."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_application: App, secret: str) -> None:
        self.application_ = bot_application
        self.secret = secret.encode()
        self.chunks: list[bytes] = []

    async def prepare(self) -> None:
        """Runs when the headers are in, before any byte of the body is read."""
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            await self.refuse(HTTPStatus.FORBIDDEN)
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        connection = self.request.connection
        if isinstance(connection, HTTP1Connection):  # chunked bodies are capped too
            connection.set_max_body_size(MAX_BODY_BYTES)

    async def refuse(self, status: HTTPStatus) -> None:
        """Answer now; tornado then closes the connection without reading the body."""
        self.set_status(status)
        await self.finish()

    def data_received(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self.chunks).decode("utf-8"))
        except (ValueError, RecursionError):  # bad UTF-8 and bad JSON are ValueErrors
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        try:
            update = Update.de_json(data, self.application_.bot)
        except Exception as exc:
            kinds = ",".join(sorted(key for key in data if key != "update_id")) or "-"
            log.error(
                "skipped update %d (%s): it could not be read (%s)",
                data["update_id"],
                kinds,
                type(exc).__name__,
            )
        else:
            await self.application_.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        await self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """No traceback and no echo of the request: the status says enough."""
        self.finish()


class WebhookServer:
    """Listens on `listen:port` and puts each update into the Application's queue."""

    def __init__(self, application: App, listen: str, port: int, path: str, secret: str) -> None:
        route = "/" + path.strip("/")
        options = {"bot_application": application, "secret": secret}
        self._server = HTTPServer(
            TornadoApplication([(route, UpdateHandler, options)]),
            max_body_size=MAX_BODY_BYTES,
            idle_connection_timeout=60,
        )
        self.listen = listen
        self.port = port

    async def start(self) -> None:
        self._server.listen(self.port, address=self.listen)
        log.info("webhook listening on %s:%d", self.listen, self.port)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
