"""The Bot API client: PTB's ExtBot, made to skip what it cannot parse and to send without
parsing what it does not read."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import aiohttp
from telegram import InlineKeyboardMarkup, ReplyParameters, Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.constants import ParseMode
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)


class GuardedBot(ExtBot[int]):
    """An ExtBot whose getUpdates skips an update it cannot parse instead of stalling.

    PTB parses a whole batch at once; one update it cannot read (say a poll without a field
    PTB requires, from an older Bot API server) fails the batch, the offset never moves and
    polling spins on it for good, logging the users' messages at CRITICAL each time. Here
    the batch is parsed again one by one, and an unreadable update becomes an empty one
    with the same id: the offset moves past it, and it is logged once, without its content.
    """

    def __init__(self, token: str, *, poll_request: PollRequest, **kwargs: Any) -> None:
        super().__init__(token, get_updates_request=poll_request, **kwargs)
        self._poll_request = poll_request
        # Keyboards are immutable and built once per knowledge version (Services.keyboard):
        # turn each into its JSON form once too. The markup is kept with it, so the id stays
        # unique while cached.
        self._markups: dict[int, tuple[InlineKeyboardMarkup, JSONDict]] = {}

    def _markup_dict(self, markup: InlineKeyboardMarkup) -> JSONDict:
        known = self._markups.get(id(markup))
        if known is None or known[0] is not markup:
            if len(self._markups) > 1000:
                self._markups.clear()
            known = self._markups[id(markup)] = (markup, markup.to_dict())
        return known[1]

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: Any = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        try:
            return await super().get_updates(
                offset,
                limit,
                timeout,
                allowed_updates,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
                api_kwargs=api_kwargs,
            )
        except TelegramError:
            raise
        except Exception:  # PTB could not parse the batch: find the culprit
            return tuple(self._one_by_one(self._poll_request.last_updates()))

    def _one_by_one(self, raw: list[JSONDict]) -> list[Update]:
        updates = []
        for data in raw:
            try:
                updates.append(Update.de_json(data, self))
            except Exception as exc:
                update_id = data.get("update_id")
                if not isinstance(update_id, int):
                    continue
                kinds = ",".join(sorted(key for key in data if key != "update_id")) or "-"
                log.error(
                    "skipped update %d (%s): it could not be read (%s)",
                    update_id,
                    kinds,
                    type(exc).__name__,
                )
                updates.append(Update(update_id))
        return updates

    async def send_html(
        self,
        chat_id: int,
        html: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
    ) -> None:
        """sendMessage without turning Telegram's echo of the message into a Message: the
        bot never reads it, and for a long HTML answer with entities and buttons parsing it
        costs more than matching the question. Same request, same retry layer."""
        data: JSONDict = {"chat_id": chat_id, "text": html, "parse_mode": ParseMode.HTML}
        if reply_markup is not None:
            data["reply_markup"] = self._markup_dict(reply_markup)
        if reply_to is not None:
            data["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
        await self._post("sendMessage", data)


class AiohttpRequest(BaseRequest):
    """Bot API requests over aiohttp's client, with JSON bodies.

    PTB's default HTTPXRequest spends more CPU per request than matching a question does
    (httpx, httpcore and anyio layers; a profile of the Telegram bench put a third of the
    bot's time there). aiohttp's client does the same work in about half of that, which is
    what closes the gap to a bare echo bot (README, Benchmarks). Bodies are JSON, which the
    Bot API accepts for everything but uploads: a long Polish HTML answer is percent-encoded
    to three times its size in a form. Uploads (the bot sends none) go as multipart.
    """

    def __init__(
        self,
        connection_pool_size: int,
        read_timeout: float,
        write_timeout: float,
        connect_timeout: float,
        pool_timeout: float,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Like PTB's httpx client: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured.
                trust_env=True,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, self._write_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            # aiohttp has no write timeout: one attempt is bounded by all of them together.
            total=_sum(read, write, connect, pool),
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        body: bytes | aiohttp.FormData | None = None
        headers = None
        if request_data is not None and request_data.contains_files:
            body = _form(request_data)
        elif request_data is not None:
            body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = _JSON_HEADERS
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                status, payload = response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err
        self.received(status, payload)
        return status, payload

    def received(self, status: int, payload: bytes) -> None:
        """Called with every response, for subclasses that keep something of it."""


_JSON_HEADERS = {"Content-Type": "application/json"}


def _given(value: ODVInput[float], default: float) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _sum(*timeouts: float | None) -> float | None:
    """None (no limit) if any part has no limit."""
    total = 0.0
    for timeout in timeouts:
        if timeout is None:
            return None
        total += timeout
    return total


def _form(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, upload in request_data.multipart_data.items():
        filename, content, *mimetype = upload
        form.add_field(
            name,
            content,
            filename=filename,
            content_type=mimetype[0] if mimetype else "application/octet-stream",
        )
    return form


class PollRequest(AiohttpRequest):
    """getUpdates' own connection. It keeps the raw body of the last poll (to skip an update
    PTB cannot parse) and knows whether a poll has ever succeeded (to tell a second poller
    from the first)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_body = b""
        self.polled_ok = False

    def received(self, status: int, payload: bytes) -> None:
        self.last_body = payload
        self.polled_ok = self.polled_ok or status == HTTPStatus.OK

    def last_updates(self) -> list[JSONDict]:
        try:
            result = json.loads(self.last_body)["result"]
        except (ValueError, KeyError, TypeError):
            return []
        return (
            [item for item in result if isinstance(item, dict)] if isinstance(result, list) else []
        )
