"""A local, loopback-only imitation of the Telegram Bot API server.

Why it exists: the end-to-end tests and the throughput benchmark have to drive the real bot
(PTB's Application, its HTTP client, its retries and error handling) against a real HTTP peer
that answers like api.telegram.org: the same URL layout (``/bot<token>/<method>``), the same
parameter encodings, the same JSON shapes and the same error wording for the validations
that bite in practice (HTML entity parsing, message length, required parameters). Mocks of
``telegram.Bot`` would skip exactly the layers those tests are meant to cover.

It is pure asyncio + aiohttp, binds to 127.0.0.1 only and never opens an outbound
connection. It records every request (:attr:`LocalBotApi.calls`), lets a test push updates
the way users would (:meth:`LocalBotApi.push_message` and friends) and injects faults
(:meth:`LocalBotApi.fail_next`) for timeout, 5xx and flood-control tests.

Known, deliberate differences from the real server:

* HTML: a bare ``&`` that does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` or ``&#…;``
  is rejected. Telegram itself keeps such an ``&`` literally, but its documentation requires
  escaping, and a bot that leans on that leniency is one unescaped ``<`` away from a 400.
* Markdown parse modes are accepted but not parsed; no automatic url/mention entities.
* Webhooks are stored, never called.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import socket
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, NoReturn, Self, TypedDict

from aiohttp import web
from typing_extensions import Unpack

JSONDict = dict[str, Any]
Handler = Callable[[JSONDict], Awaitable[Any]]

MAX_MESSAGE_UTF16 = 4096
MAX_INLINE_RESULTS = 50
DEFAULT_GROUP_ID = -1001234567890

# Parameters the Bot API types as String. PTB sends strings unencoded (only non-strings are
# JSON-dumped), so a text such as "123" or "true" must not be decoded into a number or bool.
_STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "inline_query_id",
        "inline_message_id", "url", "secret_token", "ip_address", "description",
        "short_description", "name", "language_code", "action", "next_offset",
        "business_connection_id", "message_effect_id",
    }
)  # fmt: skip

# Methods that only validate their required parameters and answer true.
_TRUE_METHODS: dict[str, tuple[str, ...]] = {
    "answerCallbackQuery": ("callback_query_id",),
    "setMyDescription": (),
    "setMyShortDescription": (),
    "setMyName": (),
    "setChatMenuButton": (),
    "close": (),
    "logOut": (),
}

_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip

# The entities Telegram's server finds by itself in what users type (after tdlib's finders).
_AUTO_ENTITY_RES = (
    ("bot_command", r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])"),
    ("mention", r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?![\w@])"),
    ("hashtag", r"(?<![\w#])#(?=\w*[^\W\d_])\w{1,256}"),
    ("url", r"(?<![\w/])https?://[^\s<>\"]*[^\s<>\".,;:!?)'\]]"),
)
_AUTO_ENTITY_RE = re.compile("|".join(f"(?P<{kind}>{rx})" for kind, rx in _AUTO_ENTITY_RES))
_BOT_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """An error answer, shaped like the real server's ``{"ok": false, ...}`` body."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = int(status)
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> NoReturn:
    raise ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {description}")


@dataclass(frozen=True)
class Call:
    """One request as the server saw it (also the faulted and rejected ones).

    ``at`` is when the request arrived (``time.monotonic()``); calls are appended when they
    are answered, so a long poll appears after the calls that overtook it.
    """

    method: str
    params: JSONDict
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    handled: bool = True  # the method took effect (False when it failed before handling)


@dataclass(frozen=True)
class _Fault:
    status: int
    retry_after: int | None
    delay: float
    methods: frozenset[str] | None  # lower-case names; None = any method
    after: bool = False  # handle the request first, then fail: a response lost on the way

    def matches(self, method: str) -> bool:
        return self.methods is None or method.lower() in self.methods

    def error(self) -> ApiError:
        if self.retry_after is not None:
            return ApiError(
                HTTPStatus.TOO_MANY_REQUESTS,
                f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Error"
        return ApiError(self.status, phrase)


class SenderOptions(TypedDict, total=False):
    """Who sends a pushed message and where, and what kind of message it is."""

    user_id: int
    chat_id: int | None
    chat_type: str
    first_name: str
    language_code: str | None
    reply_to_bot: bool
    entities: list[JSONDict] | None
    sticker: bool
    photo: bool
    voice: bool


@dataclass(frozen=True)
class _Sender:
    """SenderOptions with their defaults: shared by new and edited messages."""

    user_id: int = 1001
    chat_id: int | None = None
    chat_type: str = "private"
    first_name: str = "Ala"
    language_code: str | None = "pl"
    reply_to_bot: bool = False
    entities: list[JSONDict] | None = None
    sticker: bool = False
    photo: bool = False
    voice: bool = False


class _Signal:
    """A broadcast wake-up that synchronous code can fire (no lock to acquire).

    Every waiter holds the current event; ``pulse`` sets it and installs a fresh one, so each
    waiter wakes once per pulse and re-checks its own condition.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def pulse(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(timeout, 0.0))


def _now() -> int:
    return int(time.time())


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------- HTML parsing

_ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
        "tg-spoiler", "span", "blockquote", "tg-emoji",
    }
)  # fmt: skip
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_PLAIN_RE = re.compile(r"[^&<]+")
_SPACES = " \t\r\n\v\0"
_NAME_TOKEN_RE = re.compile(r"[A-Za-z0-9.-]*")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's wording."""


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset of the content in the parsed text
    out_index: int  # index into the output pieces where the content starts


class _HtmlParser:
    """Telegram's HTML dialect, after tdlib's ``parse_html``: same tags, same error texts."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.open: list[_OpenTag] = []
        self.entities: list[JSONDict] = []

    def parse(self) -> tuple[str, list[JSONDict]]:
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char == "&":
                self._entity()
            elif char == "<":
                self._tag()
            else:
                match = _PLAIN_RE.match(self.src, self.pos)
                assert match is not None  # noqa: S101 - the current char is neither & nor <
                self._emit(match.group())
                self.pos = match.end()
        if self.open:
            name = self.open[-1].name
            self._fail(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.out), self.entities

    def _fail(self, message: str) -> NoReturn:
        raise EntityParseError(message)

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += _utf16_len(text)

    def _skip_spaces(self, index: int) -> int:
        while index < len(self.src) and self.src[index] in _SPACES:
            index += 1
        return index

    def _entity(self) -> None:
        match = _HTML_ENTITY_RE.match(self.src, self.pos)
        char = _decode_entity(match) if match else None
        if match is None or char is None:
            offset = self._byte_offset(self.pos)
            self._fail(
                f'Unescaped "&" at byte offset {offset}: '
                'use "&amp;" or another supported HTML entity'
            )
        self._emit(char)
        self.pos = match.end()

    def _tag(self) -> None:
        if self.src.startswith("</", self.pos):
            self._end_tag()
        else:
            self._start_tag()

    def _start_tag(self) -> None:
        start = self.pos
        index = start + 1
        while index < len(self.src) and self.src[index] not in _SPACES + ">":
            index += 1
        if index >= len(self.src):
            self._fail(f"Unclosed start tag at byte offset {self._byte_offset(start)}")
        name = self.src[start + 1 : index].lower()
        if name not in _ALLOWED_TAGS:
            offset = self._byte_offset(start)
            self._fail(f'Unsupported start tag "{name}" at byte offset {offset}')
        attributes, index = self._attributes(name, start, index)
        self.pos = index + 1
        argument = self._tag_argument(name, attributes, start)
        self.open.append(_OpenTag(name, argument, self.utf16, len(self.out)))

    def _attributes(self, tag: str, start: int, index: int) -> tuple[dict[str, str], int]:
        attributes: dict[str, str] = {}
        while True:
            index = self._skip_spaces(index)
            if index >= len(self.src):
                self._fail(f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(start)}')
            if self.src[index] == ">":
                return attributes, index
            name_start = index
            while index < len(self.src) and self.src[index] not in _SPACES + "=>":
                index += 1
            name = self.src[name_start:index].lower()
            if not name:
                offset = self._byte_offset(name_start)
                self._fail(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
            index = self._skip_spaces(index)
            if tag == "blockquote" and name == "expandable" and self.src[index : index + 1] != "=":
                attributes[name] = ""
                continue
            if self.src[index : index + 1] != "=":
                offset = self._byte_offset(name_start)
                self._fail(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            attributes[name], index = self._attribute_value(tag, start, index + 1)

    def _attribute_value(self, tag: str, start: int, index: int) -> tuple[str, int]:
        index = self._skip_spaces(index)
        if index >= len(self.src):
            self._fail(f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(start)}')
        quote = self.src[index]
        if quote in "\"'":
            end = self.src.find(quote, index + 1)
            if end < 0:
                self._fail(f"Unclosed start tag at byte offset {self._byte_offset(start)}")
            return _unescape_lenient(self.src[index + 1 : end]), end + 1
        match = _NAME_TOKEN_RE.match(self.src, index)
        assert match is not None  # noqa: S101 - the pattern matches the empty string
        end = match.end()
        if end < len(self.src) and self.src[end] not in _SPACES + ">":
            self._fail(f"Unexpected end of name token at byte offset {self._byte_offset(index)}")
        return match.group().lower(), end

    def _tag_argument(self, tag: str, attributes: dict[str, str], start: int) -> str:
        if tag == "a":
            return attributes.get("href", "")
        if tag == "code":
            return attributes.get("class", "").removeprefix("language-")
        if tag == "tg-emoji":
            return attributes.get("emoji-id", "")
        if tag == "blockquote":
            return "expandable" if "expandable" in attributes else ""
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            offset = self._byte_offset(start)
            self._fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        return ""

    def _end_tag(self) -> None:
        start = self.pos
        offset = self._byte_offset(start)
        if not self.open:
            self._fail(f"Unexpected end tag at byte offset {offset}")
        index = start + 2
        while index < len(self.src) and self.src[index] not in _SPACES + ">":
            index += 1
        name = self.src[start + 2 : index].lower()
        index = self._skip_spaces(index)
        if index >= len(self.src) or self.src[index] != ">":
            self._fail(f"Unclosed end tag at byte offset {offset}")
        expected = self.open[-1].name
        if name and name != expected:
            self._fail(
                f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", '
                f'found "</{name}>"'
            )
        self.pos = index + 1
        self._close(self.open.pop())

    def _close(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.offset
        if length <= 0:
            return
        parent = self.open[-1] if self.open else None
        code_in_pre = tag.name == "code" and parent is not None and parent.name == "pre"
        if code_in_pre and tag.argument and parent and parent.offset == tag.offset:
            parent.argument = tag.argument  # <pre><code class="language-x">: one pre entity
            return
        entity: JSONDict = {"type": _ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
        if tag.name == "a":
            url = tag.argument or "".join(self.out[tag.out_index :])
            if not url or url.startswith("tg://user?id="):
                return
            entity["url"] = url
        elif tag.name == "pre" and tag.argument:
            entity["language"] = tag.argument
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.argument
        elif tag.name == "blockquote" and tag.argument:
            entity["type"] = "expandable_blockquote"
        self.entities.append(entity)


def _decode_entity(match: re.Match[str]) -> str | None:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED_ENTITIES[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _unescape_lenient(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return _decode_entity(match) or match.group()

    return _HTML_ENTITY_RE.sub(replace, value)


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into (plain text, entities); raise EntityParseError like Telegram."""
    return _HtmlParser(text).parse()


# ----------------------------------------------------------------------- request decoding


def _decode_value(name: str, value: str) -> Any:
    """The real server knows each parameter's type; we decode JSON unless it is a String."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.Request) -> JSONDict:
    params: JSONDict = {key: _decode_value(key, value) for key, value in request.query.items()}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            _bad("can't parse JSON object")
        if not isinstance(body, dict):
            _bad("JSON object expected")
        for key, value in body.items():
            params[key] = _decode_value(key, value) if isinstance(value, str) else value
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in (await request.post()).items():
            params[key] = _form_value(key, value)
    return params


def _form_value(name: str, value: str | bytes | bytearray | web.FileField) -> Any:
    if isinstance(value, web.FileField):
        content = value.file.read()
        return {
            "filename": value.filename,
            "content_type": value.content_type,
            "size": len(content),
        }
    if isinstance(value, bytes | bytearray):
        value = value.decode("utf-8", "replace")
    return _decode_value(name, value)


def _require(params: JSONDict, name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        _bad(f'parameter "{name}" is required')
    return value


def _int_param(params: JSONDict, name: str, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        _bad(f'field "{name}" must be of type Integer')


def _seconds_param(params: JSONDict, name: str) -> float:
    value = params.get(name)
    try:
        return max(float(value or 0), 0.0)
    except (TypeError, ValueError):
        _bad(f'field "{name}" must be of type Integer')


def _chat_id(params: JSONDict) -> int:
    value = params.get("chat_id")
    if value is None or value == "":
        _bad("chat_id is empty")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value))
    except ValueError:
        _bad("chat not found")


def _message_text(params: JSONDict) -> tuple[str, list[JSONDict]]:
    """The text and entities Telegram would store, with its validation errors."""
    raw = params.get("text")
    if raw is None or raw == "":
        _bad("message text is empty")
    raw = str(raw)
    mode = str(params.get("parse_mode") or "").lower()
    if mode == "html":
        try:
            text, entities = parse_html(raw)
        except EntityParseError as exc:
            _bad(f"can't parse entities: {exc}")
    elif mode in ("", "markdown", "markdownv2"):
        given = params.get("entities") if not mode else None
        text, entities = raw, list(given) if isinstance(given, list) else []
    else:
        _bad("unsupported parse_mode")
    if not text.strip():
        _bad("message text is empty")
    if _utf16_len(text) > MAX_MESSAGE_UTF16:
        _bad("message is too long")
    return text, entities


def _inline_markup(params: JSONDict) -> JSONDict | None:
    """Only inline keyboards are echoed back in a Message, as the real API does."""
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _auto_entities(text: str) -> list[JSONDict]:
    """bot_command, mention, hashtag and url entities, as Telegram adds them to user text."""
    return [
        {
            "type": match.lastgroup,
            "offset": _utf16_len(text[: match.start()]),
            "length": _utf16_len(match.group()),
        }
        for match in _AUTO_ENTITY_RE.finditer(text)
    ]


# -------------------------------------------------------------------------------- server


class LocalBotApi:
    """The fake Bot API server: start it, point ``telegram.Bot(base_url=...)`` at it."""

    def __init__(
        self,
        token: str = "123456:TEST-token",  # noqa: S107 - a dummy the fake server accepts
        *,
        username: str = "article_test_bot",
        bot_id: int = 123456,
        port: int = 0,
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.port = port
        self.base_url = ""
        self.calls: list[Call] = []
        # Called with every recorded call: for drivers that must react to each one cheaply
        # (the benchmark), where `wait_for` would rescan all calls every time.
        self.listeners: list[Callable[[Call], None]] = []
        self.webhook_url = ""
        self.webhook_secret_token: str | None = None
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self._calls_signal = _Signal()
        self._updates_signal = _Signal()
        self._pending: deque[JSONDict] = deque()
        self._update_ids = itertools.count(1)
        self._serials = itertools.count(1)
        self._poll_generation = 0
        self._faults: deque[_Fault] = deque()
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._last_bot_message: dict[int, int] = {}
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._handlers = self._build_handlers()
        self._canonical = {name.lower(): name for name in self._handlers}

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 (only), on ``port`` or a free one the OS picks."""
        if self._runner is not None:
            raise RuntimeError("LocalBotApi is already running")
        self._stopping.clear()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._on_request)
        app.router.add_route("*", "/{tail:.*}", self._on_unknown_path)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", self.port))
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(sock.getsockname()[1])
        self.base_url = f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Wake long polls and delayed faults first, so shutting down takes well under 1 s."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._stopping.set()
        self._updates_signal.pulse()
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ recording

    def sent(self, method: str) -> list[JSONDict]:
        """Parameters of the successful calls of ``method`` (any spelling), in order."""
        name = self._canonical_name(method)
        return [call.params for call in self.calls if call.method == name and call.status == 200]

    def handled(self, method: str) -> list[JSONDict]:
        """Parameters of the calls of ``method`` that took effect, even if their answer was
        an injected error (``fail_next(after=True)``): what the users really received."""
        name = self._canonical_name(method)
        return [call.params for call in self.calls if call.method == name and call.handled]

    def forget_message(self, chat_id: int, message_id: int) -> None:
        """The user deletes a message: replies quoting it then need allow_sending_without_reply."""
        self._messages.pop((chat_id, message_id), None)

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        predicate: Callable[[JSONDict], bool] | None = None,
    ) -> list[JSONDict]:
        """Wait until ``count`` successful calls of ``method`` match; return all matches."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            matches = [p for p in self.sent(method) if predicate is None or predicate(p)]
            remaining = deadline - loop.time()
            if len(matches) >= count:
                return matches
            if remaining <= 0:
                raise TimeoutError(self._wait_report(method, count, timeout, len(matches)))
            await self._calls_signal.wait(remaining)

    def _wait_report(self, method: str, count: int, timeout: float, found: int) -> str:
        seen = Counter(f"{call.method} ({call.status})" for call in self.calls)
        listing = ", ".join(f"{name} x{n}" for name, n in seen.items()) or "none"
        return (
            f"expected {count} successful {self._canonical_name(method)} call(s) matching "
            f"within {timeout} s, got {found}; methods seen: {listing}"
        )

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._calls_signal.pulse()
        for listener in self.listeners:
            listener(call)

    def _canonical_name(self, method: str) -> str:
        return self._canonical.get(method.lower(), method)

    # ------------------------------------------------------------------ faults

    def fail_next(
        self,
        count: int,
        *,
        status: int = 500,
        retry_after: int | None = None,
        delay: float = 0.0,
        methods: Collection[str] | None = None,
        after: bool = False,
    ) -> None:
        """Make the next ``count`` requests (of ``methods``, if given) fail, in FIFO order.

        With ``after``, each is handled first (a message is sent, a command set) and only
        then fails, after ``delay``: as when Telegram did the work and its answer was lost.
        Such calls are recorded with the error status and ``handled=True``.
        """
        names = frozenset(name.lower() for name in methods) if methods is not None else None
        fault = _Fault(status, retry_after, delay, names, after)
        self._faults.extend([fault] * count)

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        for index, fault in enumerate(self._faults):
            if fault.matches(method):
                del self._faults[index]
                return fault
        return None

    async def _pause(self, delay: float) -> None:
        """Sleep like a slow server, but give up at once when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    # ------------------------------------------------------------------ HTTP

    async def _on_request(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = self._canonical_name(request.match_info["method"])
        params: JSONDict = {}
        handled = False
        try:
            params = await _read_params(request)
            fault = self._take_fault(method)
            if fault is not None and not fault.after:
                await self._pause(fault.delay)
                raise fault.error()
            result = await self._dispatch(request.match_info["token"], method, params)
            handled = True
            if fault is not None:
                await self._pause(fault.delay)
                raise fault.error()
        except ApiError as exc:
            status, body = exc.status, exc.body()
        else:
            status, body = 200, {"ok": True, "result": result}
        self._record(Call(method, params, arrived, status, handled))
        return web.json_response(body, status=status)

    async def _dispatch(self, token: str, method: str, params: JSONDict) -> Any:
        if token != self.token:
            raise ApiError(HTTPStatus.UNAUTHORIZED, "Unauthorized")
        handler = self._handlers.get(method)
        if handler is None:
            raise ApiError(HTTPStatus.NOT_FOUND, "Not Found: method not found")
        return await handler(params)

    async def _on_unknown_path(self, request: web.Request) -> web.Response:
        self._record(Call(request.path, dict(request.query), time.monotonic(), 404, False))
        body = {"ok": False, "error_code": 404, "description": "Not Found"}
        return web.json_response(body, status=404)

    def _build_handlers(self) -> dict[str, Handler]:
        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._send_chat_action,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }
        for name, required in _TRUE_METHODS.items():
            handlers[name] = self._true_method(required)
        return handlers

    @staticmethod
    def _true_method(required: tuple[str, ...]) -> Handler:
        async def handler(params: JSONDict) -> bool:
            for name in required:
                _require(params, name)
            return True

        return handler

    # ------------------------------------------------------------------ methods

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a User object (the ``from`` of everything it sends)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Article Bot",
            "username": self.username,
        }

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                HTTPStatus.CONFLICT,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = _seconds_param(params, "timeout")
        self._confirm(_int_param(params, "offset", 0))
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.pulse()  # an older poll still waiting is terminated (409)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._pending and not self._stopping.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await self._updates_signal.wait(remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    HTTPStatus.CONFLICT,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
        return list(itertools.islice(self._pending, limit))

    def _confirm(self, offset: int) -> None:
        """Forget updates below ``offset`` (a negative one keeps only the last -offset)."""
        if offset > 0:
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        elif offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()

    async def _set_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = str(params.get("url") or "")
        token = params.get("secret_token")
        self.webhook_secret_token = str(token) if token else None
        return True

    async def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        self.webhook_secret_token = None
        if params.get("drop_pending_updates") is True:
            self._pending.clear()
        return True

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
        return info

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = _chat_id(params)
        text, entities = _message_text(params)
        reply_to = self._replied_message(chat_id, params)
        message = self._bot_message(chat_id, self._next_message_id(chat_id), text)
        if entities:
            message["entities"] = entities
        markup = _inline_markup(params)
        if markup is not None:
            message["reply_markup"] = markup
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._store(message)
        self._last_bot_message[chat_id] = message["message_id"]
        return message

    def _replied_message(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            legacy = params.get("reply_to_message_id")
            reply = {"message_id": legacy} if legacy is not None else None
        if reply is None:
            return None
        target_chat = _chat_id({"chat_id": reply.get("chat_id", chat_id)})
        found = self._messages.get((target_chat, _int_param(reply, "message_id", 0)))
        if found is None and not reply.get("allow_sending_without_reply"):
            _bad("message to be replied not found")
        if found is None:
            return None
        return {key: value for key, value in found.items() if key != "reply_to_message"}

    async def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text, entities = _message_text(params)
        if params.get("inline_message_id"):
            return True
        old = self._editable_message(params)
        new = {k: v for k, v in old.items() if k not in ("entities", "reply_markup", "caption")}
        new.update(text=text, edit_date=_now())
        if entities:
            new["entities"] = entities
        markup = _inline_markup(params)
        if markup is not None:
            new["reply_markup"] = markup
        return self._replace_message(old, new)

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        if params.get("inline_message_id"):
            return True
        old = self._editable_message(params)
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        new["edit_date"] = _now()
        markup = _inline_markup(params)
        if markup is not None:
            new["reply_markup"] = markup
        return self._replace_message(old, new)

    def _editable_message(self, params: JSONDict) -> JSONDict:
        chat_id = _chat_id(params)
        message_id = _int_param(params, "message_id", 0)
        if not message_id:
            _bad("message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None:
            _bad("message to edit not found")
        if not self._from_bot(message):
            _bad("message can't be edited")
        return message

    def _replace_message(self, old: JSONDict, new: JSONDict) -> JSONDict:
        def content(message: JSONDict) -> tuple[Any, ...]:
            keys = ("text", "entities", "caption", "reply_markup")
            return tuple(message.get(key) for key in keys)

        if content(old) == content(new):
            _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a content and reply markup of the current message"
            )
        self._store(new)
        return new

    async def _delete_message(self, params: JSONDict) -> bool:
        key = (_chat_id(params), _int_param(params, "message_id", 0))
        if self._messages.pop(key, None) is None:
            _bad("message to delete not found")
        return True

    async def _send_chat_action(self, params: JSONDict) -> bool:
        _chat_id(params)
        if str(params.get("action") or "") not in _CHAT_ACTIONS:
            _bad("wrong parameter action in request")
        return True

    async def _answer_inline_query(self, params: JSONDict) -> bool:
        _require(params, "inline_query_id")
        results = params.get("results")
        if not isinstance(results, list):
            _bad('parameter "results" is required and must be an array')
        if len(results) > MAX_INLINE_RESULTS:
            _bad("RESULTS_TOO_MUCH")
        ids = [r.get("id") for r in results if isinstance(r, dict) and r.get("type")]
        if len(ids) != len(results) or not all(ids):
            _bad("can't parse inline query result: type and id are required")
        if len(set(ids)) != len(ids):
            _bad("RESULT_ID_DUPLICATE")
        return True

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            _bad('parameter "commands" is required and must be an array')
        if len(commands) > 100:
            _bad("BOT_COMMANDS_TOO_MUCH")
        stored = [_bot_command(command) for command in commands]
        self._commands[_commands_key(params)] = stored
        return True

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return list(self._commands.get(_commands_key(params), []))

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(_commands_key(params), None)
        return True

    # ------------------------------------------------------------------ messages & chats

    def _from_bot(self, message: JSONDict) -> bool:
        sender = message.get("from")
        return isinstance(sender, dict) and sender.get("id") == self.bot_id

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _store(self, message: JSONDict) -> None:
        """Remember a message (for replies and edits) and keep message ids increasing."""
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self._messages[(chat_id, message_id)] = message
        self._last_message_id[chat_id] = max(self._last_message_id.get(chat_id, 0), message_id)

    def _chat(self, chat_id: int) -> JSONDict:
        known = self._chats.get(chat_id)
        if known is not None:
            return dict(known)
        if chat_id > 0:
            user = self._users.get(chat_id, {})
            return {"id": chat_id, "type": "private", "first_name": user.get("first_name", "User")}
        return {"id": chat_id, "type": "supergroup", "title": "Test supergroup"}

    def _bot_message(self, chat_id: int, message_id: int, text: str) -> JSONDict:
        return {
            "message_id": message_id,
            "from": self.bot_user,
            "date": _now(),
            "chat": self._chat(chat_id),
            "text": text,
        }

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return dict(user)

    def _known_first_name(self, user_id: int) -> str:
        return str(self._users.get(user_id, {}).get("first_name", "Ala"))

    def _open_chat(self, sender: _Sender) -> JSONDict:
        if sender.chat_type == "private":
            chat_id = sender.user_id if sender.chat_id is None else sender.chat_id
            chat: JSONDict = {"id": chat_id, "type": "private", "first_name": sender.first_name}
        elif sender.chat_type in ("group", "supergroup"):
            chat_id = DEFAULT_GROUP_ID if sender.chat_id is None else sender.chat_id
            chat = {"id": chat_id, "type": sender.chat_type, "title": f"Test {sender.chat_type}"}
        else:
            raise ValueError(f"unsupported chat_type {sender.chat_type!r}")
        self._chats[chat_id] = chat
        return dict(chat)

    def _user_message(self, text: str | None, sender: _Sender, message_id: int | None) -> JSONDict:
        chat = self._open_chat(sender)
        message: JSONDict = {
            "message_id": message_id or self._next_message_id(chat["id"]),
            "from": self._user(sender.user_id, sender.first_name, sender.language_code),
            "date": _now(),
            "chat": chat,
        }
        message.update(self._content(text, sender))
        if sender.reply_to_bot:
            message["reply_to_message"] = self._bot_message_in(chat["id"], None)
        return message

    def _content(self, text: str | None, sender: _Sender) -> JSONDict:
        flags = (("sticker", sender.sticker), ("photo", sender.photo), ("voice", sender.voice))
        kinds = [kind for kind, on in flags if on]
        if len(kinds) > 1:
            raise ValueError("at most one of sticker, photo and voice")
        content = self._media(kinds[0]) if kinds else {}
        if text is None and not kinds:
            raise ValueError("text is required unless sticker, photo or voice is set")
        if text is None or "sticker" in kinds:
            return content
        field = "caption" if kinds else "text"
        content[field] = text
        entities = sender.entities if sender.entities is not None else _auto_entities(text)
        if entities:
            content[f"{field}_entities" if kinds else "entities"] = entities
        return content

    def _media(self, kind: str) -> JSONDict:
        serial = next(self._serials)

        def ids(suffix: str = "") -> JSONDict:
            return {"file_id": f"{kind}-{serial}{suffix}", "file_unique_id": f"u{serial}{suffix}"}

        if kind == "sticker":
            sticker = {"type": "regular", "width": 512, "height": 512, "emoji": "👍"}
            return {"sticker": {**ids(), **sticker, "is_animated": False, "is_video": False}}
        if kind == "photo":
            sizes = [(90, 67, "s"), (800, 600, "m")]
            photo = [
                {**ids(s), "width": w, "height": h, "file_size": w * h // 8} for w, h, s in sizes
            ]
            return {"photo": photo}
        return {"voice": {**ids(), "duration": 3, "mime_type": "audio/ogg", "file_size": 9000}}

    def _bot_message_in(self, chat_id: int, message_id: int | None) -> JSONDict:
        """A message of the bot in that chat: the one given, the last one, or a stand-in."""
        if message_id is None:
            message_id = self._last_bot_message.get(chat_id, 1)
        message = self._messages.get((chat_id, message_id))
        if message is None or not self._from_bot(message):
            message = self._bot_message(chat_id, message_id, "(an earlier message of the bot)")
            self._store(message)
        return {key: value for key, value in message.items() if key != "reply_to_message"}

    # ------------------------------------------------------------------ pushing updates

    def push_update(self, update: JSONDict) -> int:
        """Queue a raw update for getUpdates; it gets the next update_id, which is returned."""
        update_id = next(self._update_ids)
        queued = {**update, "update_id": update_id}
        for key in ("message", "edited_message"):
            message = queued.get(key)
            if isinstance(message, dict) and "message_id" in message and "chat" in message:
                self._store(message)
        self._pending.append(queued)
        self._updates_signal.pulse()
        return update_id

    def push_message(self, text: str | None, **options: Unpack[SenderOptions]) -> int:
        """A user writes to the bot: a ``message`` update (options: see SenderOptions;
        a private chat with user 1001, "Ala", language "pl" by default).

        Unless ``entities`` is given, the text gets the entities Telegram would add itself:
        bot_command (``/start``, ``/help@bot``), mention (``@bot``), hashtag and url.
        """
        sender = _Sender(**options)
        return self.push_update({"message": self._user_message(text, sender, None)})

    def push_edited_message(
        self, message_id: int, text: str, **options: Unpack[SenderOptions]
    ) -> int:
        """A user edits an earlier message: an ``edited_message`` update with edit_date."""
        sender = _Sender(**options)
        message = self._user_message(text, sender, message_id)
        original = self._messages.get((message["chat"]["id"], message_id))
        message["date"] = original["date"] if original else message["date"] - 60
        message["edit_date"] = _now()
        return self.push_update({"edited_message": message})

    def push_callback_query(
        self,
        data: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        message_id: int | None = None,
        language_code: str | None = "pl",
    ) -> int:
        """A user presses an inline button under a message of the bot."""
        chat_id = user_id if chat_id is None else chat_id
        serial = next(self._serials)
        query = {
            "id": str(4_000_000_000_000_000 + serial),
            "from": self._user(user_id, self._known_first_name(user_id), language_code),
            "message": self._bot_message_in(chat_id, message_id),
            "chat_instance": str(-7_000_000_000_000_000_000 - chat_id),
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def push_inline_query(
        self,
        query: str,
        *,
        user_id: int = 1001,
        offset: str = "",
        language_code: str | None = "pl",
    ) -> int:
        """A user types ``@bot query`` in any chat."""
        inline = {
            "id": str(5_000_000_000_000_000 + next(self._serials)),
            "from": self._user(user_id, self._known_first_name(user_id), language_code),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        return self.push_update({"inline_query": inline})

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by an offset."""
        return list(self._pending)


def _commands_key(params: JSONDict) -> tuple[str, str]:
    scope = params.get("scope")
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _bot_command(command: Any) -> JSONDict:
    if not isinstance(command, dict):
        _bad("can't parse BotCommand")
    name, description = str(command.get("command", "")), str(command.get("description", ""))
    if not _BOT_COMMAND_NAME_RE.fullmatch(name):
        _bad("BOT_COMMAND_INVALID")
    if not 1 <= len(description.strip()) <= 256:
        _bad("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": name, "description": description}
