"""The local Bot API imitation, exercised through a real PTB `telegram.Bot` (no mocks).

If these pass, the end-to-end tests and the bench talk to a peer that PTB accepts as
api.telegram.org: same URLs, encodings, result shapes and error wording.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from devtools.fakebotapi import LocalBotApi, parse_html


@pytest.fixture
async def server(api: LocalBotApi) -> LocalBotApi:
    return api


@pytest.fixture
async def bot(server: LocalBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url) as client:
        yield client


async def raw_post(server: LocalBotApi, method: str, **kwargs: Any) -> tuple[int, Any]:
    """One plain HTTP request, to check the wire format PTB hides from us."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.base_url}{server.token}/{method}", **kwargs) as response,
    ):
        return response.status, await response.json()


# --------------------------------------------------------------------- basics


async def test_binds_to_loopback_on_a_free_port(server: LocalBotApi) -> None:
    assert server.port > 0
    assert server.base_url == f"http://127.0.0.1:{server.port}/bot"


async def test_get_me(server: LocalBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "article_test_bot"
    assert me.is_bot
    assert me.first_name == "Article Bot"
    assert me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    assert server.sent("getMe")  # also called by `async with bot`


async def test_wrong_token_is_rejected(server: LocalBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=server.base_url):
            pass
    assert server.calls[-1].status == 401


async def test_raw_wire_format(server: LocalBotApi) -> None:
    status, body = await raw_post(server, "GETME")
    assert (status, body["ok"], body["result"]["id"]) == (200, True, 123456)
    status, body = await raw_post(server, "sendMessage", json={"chat_id": "5", "text": "123"})
    assert status == 200
    assert body["result"]["text"] == "123"  # a String parameter is never JSON-decoded
    assert body["result"]["chat"] == {"id": 5, "type": "private", "first_name": "User"}
    status, body = await raw_post(server, "noSuchMethod")
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    status, body = await raw_post(server, "sendMessage", data={"chat_id": "5", "text": "a <x>"})
    assert status == 200
    status, body = await raw_post(
        server, "sendMessage", data={"chat_id": "5", "text": "a <x>", "parse_mode": "HTML"}
    )
    assert body["description"] == (
        'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 2'
    )
    assert server.calls[-1].method == "sendMessage"
    assert server.calls[-1].status == 400


async def test_multipart_parameters(server: LocalBotApi) -> None:
    form = aiohttp.FormData({"chat_id": "7", "text": "true", "reply_markup": '{"a": 1}'})
    form.add_field("document", b"abc", filename="a.txt", content_type="text/plain")
    status, _ = await raw_post(server, "sendMessage", data=form)
    assert status == 200
    (params,) = server.sent("sendMessage")
    assert params["chat_id"] == 7
    assert params["text"] == "true"
    assert params["reply_markup"] == {"a": 1}
    assert params["document"] == {"filename": "a.txt", "content_type": "text/plain", "size": 3}


async def test_query_string_parameters(server: LocalBotApi) -> None:
    url = f"{server.base_url}{server.token}/sendMessage?chat_id=-100&text=hi"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        body = await response.json()
    assert body["result"]["chat"]["type"] == "supergroup"
    assert server.sent("sendmessage") == [{"chat_id": -100, "text": "hi"}]


# --------------------------------------------------------------------- updates


async def test_push_message_and_get_updates(server: LocalBotApi, bot: Bot) -> None:
    update_id = server.push_message("/start")
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 1
    update = updates[0]
    assert update.update_id == update_id == 1
    assert update.message is not None
    assert update.message.text == "/start"
    assert update.message.chat.type == "private"
    assert update.message.chat.id == 1001
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "pl"
    assert update.message.entities == (
        MessageEntity(type=MessageEntity.BOT_COMMAND, offset=0, length=6),
    )
    assert update.message.parse_entities([MessageEntity.BOT_COMMAND])
    # Without an offset the update is still there; with offset = id + 1 it is confirmed.
    assert len(await bot.get_updates(timeout=0)) == 1
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()
    assert await bot.get_updates(timeout=0) == ()


async def test_command_entity_covers_bot_name_and_message_ids_increase(
    server: LocalBotApi, bot: Bot
) -> None:
    server.push_message("/help@article_test_bot now")
    server.push_message("plain text")
    first, second = await bot.get_updates(timeout=0)
    assert first.message is not None and second.message is not None
    assert first.message.entities[0].length == len("/help@article_test_bot")
    assert second.message.entities == ()
    assert second.message.message_id == first.message.message_id + 1


async def test_automatic_entities_like_telegram(server: LocalBotApi, bot: Bot) -> None:
    text = "Zażółć @article_test_bot /about #runda https://example.com/a?b=1. e@mail.pl a/b"
    server.push_message(text, chat_id=-100, chat_type="supergroup")
    server.push_message("bez encji", entities=[{"type": "bold", "offset": 0, "length": 3}])
    first, second = await bot.get_updates(timeout=0)
    assert first.message is not None and second.message is not None
    found = first.message.parse_entities()
    assert [(e.type, part) for e, part in found.items()] == [
        ("mention", "@article_test_bot"),
        ("bot_command", "/about"),
        ("hashtag", "#runda"),
        ("url", "https://example.com/a?b=1"),
    ]
    assert [e.type for e in second.message.entities] == ["bold"]


async def test_limit(server: LocalBotApi, bot: Bot) -> None:
    for n in range(5):
        server.push_message(f"q{n}")
    assert [u.update_id for u in await bot.get_updates(limit=2, timeout=0)] == [1, 2]
    assert [u.update_id for u in await bot.get_updates(offset=3, timeout=0)] == [3, 4, 5]


async def test_long_poll_wakes_up_when_an_update_arrives(server: LocalBotApi, bot: Bot) -> None:
    async def push_later() -> None:
        await asyncio.sleep(0.2)
        server.push_message("hello")

    task = asyncio.create_task(push_later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=2)
    elapsed = time.monotonic() - started
    await task
    assert len(updates) == 1
    assert 0.15 < elapsed < 1.0


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 2.0


async def test_a_second_poll_terminates_the_first(server: LocalBotApi, bot: Bot) -> None:
    # Two Bot objects: one Bot cannot overlap its own polls (its getUpdates pool has 1 slot).
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(server.token, base_url=server.base_url) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_stop_does_not_wait_for_long_polls() -> None:
    api = LocalBotApi()
    await api.start()
    async with Bot(api.token, base_url=api.base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await api.stop()
        assert time.monotonic() - started < 1.5
        assert await poll == ()


async def test_edited_message(server: LocalBotApi, bot: Bot) -> None:
    server.push_message("pierwsza wersja")
    server.push_edited_message(1, "druga wersja")
    _, edited = await bot.get_updates(timeout=0)
    assert edited.edited_message is not None
    assert edited.edited_message.text == "druga wersja"
    assert edited.edited_message.message_id == 1
    assert edited.edited_message.edit_date is not None


async def test_callback_query(server: LocalBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Więcej", callback_data="more")]])
    sent = await bot.send_message(1001, "Odpowiedź", reply_markup=keyboard)
    server.push_callback_query("more")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None
    assert query.data == "more"
    assert query.from_user.id == 1001
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    assert query.message.chat.id == 1001
    assert await bot.answer_callback_query(query.id, text="OK") is True
    assert server.sent("answerCallbackQuery") == [{"callback_query_id": query.id, "text": "OK"}]


async def test_inline_query_and_answer(server: LocalBotApi, bot: Bot) -> None:
    server.push_inline_query("autor", offset="")
    (update,) = await bot.get_updates(timeout=0)
    inline = update.inline_query
    assert inline is not None
    assert inline.query == "autor"
    result = InlineQueryResultArticle("1", "Autor", InputTextMessageContent("Jan Kowalski"))
    assert await bot.answer_inline_query(inline.id, [result]) is True
    (params,) = server.sent("answerInlineQuery")
    assert params["inline_query_id"] == inline.id
    assert params["results"][0]["type"] == "article"
    too_many = [
        InlineQueryResultArticle(str(n), "t", InputTextMessageContent("x")) for n in range(51)
    ]
    with pytest.raises(BadRequest, match="Results_too_much"):
        await bot.answer_inline_query(inline.id, too_many)


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice"])
async def test_media_messages(server: LocalBotApi, bot: Bot, kind: str) -> None:
    server.push_message(
        None, sticker=kind == "sticker", photo=kind == "photo", voice=kind == "voice"
    )
    (update,) = await bot.get_updates(timeout=0)
    message = update.message
    assert message is not None
    assert message.text is None
    if kind == "sticker":
        assert message.sticker is not None and message.sticker.type == "regular"
    elif kind == "photo":
        assert message.photo and message.photo[-1].width == 800
    else:
        assert message.voice is not None and message.voice.file_id


async def test_photo_with_caption(server: LocalBotApi, bot: Bot) -> None:
    server.push_message("zobacz #to", photo=True)
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.caption == "zobacz #to"
    assert [e.type for e in update.message.caption_entities] == ["hashtag"]


async def test_group_message_replying_to_the_bot(server: LocalBotApi, bot: Bot) -> None:
    await bot.send_message(-100555, "Jestem botem")
    server.push_message("a ty?", chat_id=-100555, chat_type="supergroup", reply_to_bot=True)
    (update,) = await bot.get_updates(timeout=0)
    message = update.message
    assert message is not None
    assert message.chat.type == "supergroup"
    assert message.chat.title
    assert message.reply_to_message is not None
    assert message.reply_to_message.from_user is not None
    assert message.reply_to_message.from_user.id == bot.id
    assert message.reply_to_message.text == "Jestem botem"


def test_pushed_updates_decode_with_de_json() -> None:
    api = LocalBotApi()
    api.push_callback_query("x", chat_id=-5)
    api.push_message("/start", chat_id=-7, chat_type="group")
    callback, group = (Update.de_json(update, None) for update in api.pending_updates)
    assert callback.callback_query is not None
    assert callback.callback_query.message is not None
    assert callback.callback_query.message.chat.type == "supergroup"
    assert group.message is not None and group.message.chat.type == "group"


# --------------------------------------------------------------------- sending


async def test_send_message_html(server: LocalBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Źródło", url="https://example.com")]])
    message = await bot.send_message(
        1001,
        '<b>Tytuł</b> &amp; <a href="https://example.com">link</a> &#128512;',
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
    )
    assert message.text == "Tytuł & link 😀"
    assert [e.type for e in message.entities] == ["bold", "text_link"]
    assert message.entities[1].url == "https://example.com"
    assert message.reply_markup == keyboard
    assert message.from_user is not None and message.from_user.id == bot.id
    (params,) = server.sent("sendMessage")
    assert params["chat_id"] == 1001
    assert params["parse_mode"] == "HTML"
    assert params["reply_markup"] == keyboard.to_dict()
    second = await bot.send_message(1001, "dalej")
    assert second.message_id == message.message_id + 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<x>hej</x>", 'Can\'t parse entities: unsupported start tag "x" at byte offset 0'),
        ("<b>hej", "Can't parse entities: can't find end tag corresponding to start tag \"b\""),
        ("<b>hej</i>", "Can't parse entities: unmatched end tag at byte offset 6"),
        ("Tom & Jerry", 'Can\'t parse entities: unescaped "&" at byte offset 4'),
        ("2 < 3", 'Can\'t parse entities: unsupported start tag "" at byte offset 2'),
        ("x" * 5000, "Message is too long"),
        ("😀" * 2049, "Message is too long"),  # 4098 UTF-16 code units
        ("", "Message text is empty"),
        ("<b></b>", "Message text is empty"),
    ],
)
async def test_send_message_rejections(bot: Bot, text: str, message: str) -> None:
    # PTB strips "Bad Request: " and capitalizes the rest (lower-casing everything after it).
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(1001, text, parse_mode=ParseMode.HTML)
    assert caught.value.message.startswith(message)


async def test_longest_message_is_accepted(bot: Bot) -> None:
    message = await bot.send_message(1001, "&lt;" + "x" * 4095, parse_mode=ParseMode.HTML)
    assert message.text is not None and len(message.text) == 4096


def test_parse_html_entities() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><blockquote expandable>q'
        "</blockquote>"
    )
    assert text == "x = 1stq"
    assert entities == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 5, "length": 1},
        {"type": "spoiler", "offset": 6, "length": 1},
        {"type": "expandable_blockquote", "offset": 7, "length": 1},
    ]


async def test_edit_message_text(server: LocalBotApi, bot: Bot) -> None:
    sent = await bot.send_message(1001, "Szukam…")
    edited = await bot.edit_message_text("<i>Gotowe</i>", 1001, sent.message_id, parse_mode="HTML")
    assert not isinstance(edited, bool)
    assert edited.text == "Gotowe"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<i>Gotowe</i>", 1001, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 1001, 999)
    assert len(server.sent("editMessageText")) == 1


async def test_commands_round_trip(server: LocalBotApi, bot: Bot) -> None:
    assert await bot.get_my_commands() == ()
    commands = [BotCommand("start", "Zacznij"), BotCommand("help", "Pomoc")]
    assert await bot.set_my_commands(commands) is True
    assert await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="en") == (BotCommand("start", "Start"),)
    assert await bot.get_my_commands(scope=BotCommandScopeChat(1001)) == ()
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start!", "x")])


async def test_chat_action_and_simple_methods(server: LocalBotApi, bot: Bot) -> None:
    assert await bot.send_chat_action(1001, ChatAction.TYPING) is True
    assert server.sent("sendChatAction") == [{"chat_id": 1001, "action": "typing"}]
    with pytest.raises(BadRequest):
        await bot.send_chat_action(1001, "dancing")
    assert await bot.set_my_description("Opis") is True
    assert await bot.set_my_short_description("Krótko") is True


async def test_webhook_settings(server: LocalBotApi, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.com/hook", secret_token="s3cret") is True
    info = await bot.get_webhook_info()
    assert info.url == "https://example.com/hook"
    assert server.webhook_secret_token == "s3cret"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook() is True
    assert (await bot.get_webhook_info()).url == ""


# --------------------------------------------------------------------- faults


async def test_server_error(server: LocalBotApi, bot: Bot) -> None:
    server.fail_next(1)
    with pytest.raises(NetworkError, match="Internal Server Error") as caught:
        await bot.get_me()
    assert type(caught.value) is NetworkError
    assert server.calls[-1].status == 500
    assert (await bot.get_me()).username == "article_test_bot"


async def test_flood_control(
    server: LocalBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB >= 22.2 warns (an error here) when building RetryAfter unless timedeltas are opted in.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    server.fail_next(1, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1001, "hej")
    assert caught.value.retry_after == timedelta(seconds=1)
    assert server.calls[-1].status == 429
    assert server.sent("sendMessage") == []
    await bot.send_message(1001, "hej")
    assert len(server.sent("sendMessage")) == 1


async def test_slow_server_times_out(server: LocalBotApi, bot: Bot) -> None:
    server.fail_next(1, delay=1.0)
    with pytest.raises(TimedOut):
        await bot.get_me(read_timeout=0.2)
    assert (await bot.get_me()).username == "article_test_bot"


async def test_faults_queue_in_order_and_filter_methods(server: LocalBotApi, bot: Bot) -> None:
    server.fail_next(1, status=502, methods=["SENDMESSAGE"])
    server.fail_next(1, status=503)
    with pytest.raises(NetworkError, match="Service Unavailable"):
        await bot.get_me()  # the first fault is for sendMessage only: getMe takes the second
    await bot.get_me()
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1001, "x")
    await bot.send_message(1001, "x")
    server.fail_next(3)
    server.clear_faults()
    await bot.get_me()


async def test_wait_for(server: LocalBotApi, bot: Bot) -> None:
    async def send_later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(1001, "pierwsza")
        await bot.send_message(1001, "druga")

    task = asyncio.create_task(send_later())
    found = await server.wait_for("sendMessage", predicate=lambda p: p["text"] == "druga")
    await task
    assert [p["text"] for p in found] == ["druga"]
    assert len(await server.wait_for("sendmessage", count=2, timeout=0)) == 2
    with pytest.raises(TimeoutError, match=r"methods seen: .*sendMessage \(200\) x2"):
        await server.wait_for("answerCallbackQuery", timeout=0.2)
