"""The Bot API client: PTB's ExtBot, made to skip what it cannot parse and to send without
parsing what it does not read."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import httpx
from telegram import InlineKeyboardMarkup, ReplyParameters, Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.constants import ParseMode
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)


class PollRequest(HTTPXRequest):
    """getUpdates' own connection. It keeps the raw body of the last poll (to skip an update
    PTB cannot parse) and knows whether a poll has ever succeeded (to tell a second poller
    from the first)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_body = b""
        self.polled_ok = False

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
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        self.last_body = body
        self.polled_ok = self.polled_ok or status == HTTPStatus.OK
        return status, body

    def last_updates(self) -> list[JSONDict]:
        try:
            result = json.loads(self.last_body)["result"]
        except (ValueError, KeyError, TypeError):
            return []
        return (
            [item for item in result if isinstance(item, dict)] if isinstance(result, list) else []
        )


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


class JsonRequest(HTTPXRequest):
    """Bot API requests with a JSON body (which the Bot API accepts for everything but
    uploads) instead of PTB's form encoding: a long Polish HTML answer is percent-encoded
    to three times its size in a form, and the keyboard is JSON inside the form anyway."""

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
        if request_data is None or request_data.contains_files or method != "POST":
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        client = self._client
        defaults = client.timeout
        timeout = httpx.Timeout(
            connect=defaults.connect
            if isinstance(connect_timeout, DefaultValue)
            else connect_timeout,
            read=defaults.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=defaults.write if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=defaults.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )
        body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
        headers = {"User-Agent": self.USER_AGENT, "Content-Type": "application/json"}
        try:
            response = await client.request(
                method=method, url=url, headers=headers, timeout=timeout, content=body
            )
        except httpx.TimeoutException as err:
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        return response.status_code, response.content
