"""The real studio window, offscreen, against the simulator over loopback: the chat tab as a user uses it."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, click_row, drop_files, journal, queue_fault, type_text, until
from PySide6.QtCore import Qt

from studio.ui.main_window import MainWindow

CHAT = "/v1/chat/completions"


def type_and_send(qtbot, window: MainWindow, text: str) -> None:
    edit = window.parts["chat"].composer.edit
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


async def reply_finished(window: MainWindow) -> None:
    chat = window.parts["chat"]
    await until(
        lambda: not chat.bridge.busy and chat.model.messages and chat.model.messages[-1].status != "streaming",
        timeout=20,
        message="the reply never finished",
    )


def test_sending_shows_the_reply_as_it_streams(open_window, qtbot, run_async, sim):
    window = open_window()
    pieces: list[str] = []
    window.parts["chat"].bridge.textArrived.connect(lambda _id, text: pieces.append(text))

    async def scenario():
        type_and_send(qtbot, window, "Tell me about otters [[token-rate:300]]")
        await until(lambda: len(pieces) >= 3, message="no streamed text arrived")
        assert window.parts["chat"].composer.send_button.text() == "Stop"
        await reply_finished(window)

    run_async(scenario())
    messages = window.parts["chat"].model.messages
    assert [m.role for m in messages] == ["user", "assistant"]
    assert "otters" in messages[1].content and messages[1].status == "done"
    assert "".join(pieces) == messages[1].content, "the view got the reply in coalesced pieces"
    assert window.parts["chat"].composer.edit.toPlainText() == "" and window.parts["chat"].composer.send_button.text() == "Send"
    assert window.parts["chat"].list.titles()[-1].startswith("Tell me about otters")
    assert messages[1].output_tokens > 0, "usage is stored with the message"
    assert journal(sim, CHAT)[-1]["body"]["stream"] is True


def test_stop_keeps_the_partial_reply_marked_stopped(open_window, qtbot, run_async):
    window = open_window()

    async def scenario():
        type_and_send(qtbot, window, "A long story [[tokens:400]] [[token-rate:80]]")
        await until(lambda: len(window.parts["chat"].model.messages) == 2 and len(window.parts["chat"].model.messages[1].content) > 20)
        qtbot.mouseClick(window.parts["chat"].composer.send_button, Qt.MouseButton.LeftButton)
        await reply_finished(window)

    run_async(scenario())
    reply = window.parts["chat"].model.messages[1]
    saved = window.parts["chat"].store.message(reply.id)
    assert saved.status == "stopped" and saved.content == reply.content
    assert 20 < len(saved.content) < 2000, "only part of the 400-token reply arrived"
    footer = window.parts["chat"].view.delegate.row_for(window.parts["chat"].model.index(1)).footer.toPlainText()
    assert "Stopped" in footer


def test_regenerate_adds_an_answer_and_arrows_switch_between_them(open_window, qtbot, run_async):
    window = open_window()
    chat = window.parts["chat"]

    async def scenario():
        type_and_send(qtbot, window, "Name a colour")
        await reply_finished(window)
        chat.message_action(chat.model.messages[1].id, "regenerate")
        await reply_finished(window)

    run_async(scenario())
    first_answer, second_answer = chat.store.siblings(chat.model.messages[1].id)
    assert chat.model.messages[1].id == second_answer
    assert chat.model.branch_info[second_answer] == (2, 2)
    footer = chat.view.delegate.row_for(chat.model.index(1)).footer.toPlainText()
    assert "2/2" in footer
    chat.message_action(second_answer, "prev")
    assert chat.model.messages[1].id == first_answer


def test_edit_and_resend_creates_a_branch(open_window, qtbot, run_async, sim):
    window = open_window()
    chat = window.parts["chat"]

    async def scenario():
        type_and_send(qtbot, window, "Tell me about cats")
        await reply_finished(window)
        chat.message_action(chat.model.messages[0].id, "edit")
        assert chat.composer.edit.toPlainText() == "Tell me about cats" and chat.composer.banner.isVisible()
        chat.composer.edit.clear()
        type_and_send(qtbot, window, "Tell me about dogs")
        await reply_finished(window)

    run_async(scenario())
    thread = chat.model.messages
    assert next(m.content for m in thread) == "Tell me about dogs" and "dogs" in thread[1].content
    assert chat.model.branch_info[thread[0].id] == (2, 2)
    assert journal(sim, CHAT)[-1]["body"]["messages"][-1]["content"] == "Tell me about dogs"
    chat.message_action(thread[0].id, "prev")
    assert next(m.content for m in chat.model.messages) == "Tell me about cats"
    assert "cats" in chat.model.messages[1].content


def test_search_finds_an_old_conversation_after_a_restart(open_window, qtbot, run_async):
    first = open_window()

    async def chat_once():
        type_and_send(qtbot, first, "Remember the word zanzibarite please")
        await reply_finished(first)
        first.parts["chat"].new_conversation()
        type_and_send(qtbot, first, "Something else entirely")
        await reply_finished(first)

    run_async(chat_once())
    first.close()
    second = open_window()
    qtbot.keyClicks(second.parts["chat"].list.search, "zanzibarite")

    async def searched():
        await until(lambda: second.parts["chat"].list.showing_hits, message="the search never ran")

    run_async(searched())
    assert len(second.parts["chat"].list.titles()) == 1 and "zanzibarite" in second.parts["chat"].list.titles()[0]
    hit = second.parts["chat"].list.model.index(0, 0)
    click_row(qtbot, second.parts["chat"].list.tree, hit)
    assert "zanzibarite" in second.parts["chat"].model.messages[0].content


def test_dropped_image_reaches_the_gateway_as_an_image_part(open_window, qtbot, run_async, sim):
    window = open_window()
    composer = window.parts["chat"].composer

    async def scenario():
        assert drop_files(composer.edit, [DATA / "chelsea.png"])
        await until(lambda: composer.attachments, message="the dropped picture was never attached")
        assert [a["kind"] for a in composer.attachments] == ["image"]
        type_and_send(qtbot, window, "What is in this picture?")
        await reply_finished(window)

    run_async(scenario())
    content = journal(sim, CHAT)[-1]["body"]["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "What is in this picture?"}
    assert content[1]["type"] == "image_url" and content[1]["image_url"]["url"].startswith("data:image/png;base64,")
    assert "451" in window.parts["chat"].model.messages[1].content, "the simulator saw the 451x300 image"
    assert window.parts["chat"].composer.attachments == []


def test_a_dropped_binary_file_is_refused_with_a_message(open_window, tmp_path, run_async):
    window = open_window()
    chat = window.parts["chat"]
    junk = tmp_path / "data.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)

    async def scenario():
        assert drop_files(chat.composer.edit, [junk])
        await until(lambda: chat.notice.isVisible(), message="no sentence about the refused file")

    run_async(scenario())
    assert chat.composer.attachments == []
    assert "not a text file" in chat.notice.text()


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("401", "API key was not accepted"),
        ("429", "rate limiting"),
        ("500", "internal error"),
        ("cut", "dropped before the reply was complete"),
    ],
)
def test_errors_show_one_sentence_inline_and_keep_the_text(open_window, qtbot, run_async, sim, kind, sentence):
    window = open_window()
    queue_fault(sim, CHAT, kind, count=5, retry_after=0)

    async def scenario():
        type_and_send(qtbot, window, "This will go wrong [[tokens:60]]")
        await reply_finished(window)

    run_async(scenario())
    reply = window.parts["chat"].model.messages[-1]
    assert reply.status == "error" and sentence in reply.error["message"]
    footer = window.parts["chat"].view.delegate.row_for(window.parts["chat"].model.index(1)).footer.toPlainText()
    assert sentence in footer and "Retry" in footer and "Details" in footer
    assert window.parts["chat"].model.messages[0].content.startswith("This will go wrong"), "the user's text is kept"
    if kind == "cut":
        assert reply.content, "the part that arrived before the cut is kept"


def test_retry_after_an_error_gets_the_answer(open_window, qtbot, run_async, sim):
    window = open_window()
    queue_fault(sim, CHAT, "500", count=1)

    async def scenario():
        type_and_send(qtbot, window, "Try me twice")
        await reply_finished(window)
        window.parts["chat"].message_action(window.parts["chat"].model.messages[-1].id, "retry")
        await reply_finished(window)

    run_async(scenario())
    assert window.parts["chat"].model.messages[-1].status == "done" and "Try me twice" in window.parts["chat"].model.messages[-1].content


def test_responses_mode_chains_turns_with_previous_response_id(open_window, qtbot, run_async, sim):
    window = open_window()
    chat = window.parts["chat"]

    async def scenario():
        chat.new_conversation()
        chat.panel.mode.setCurrentIndex(chat.panel.mode.findData("responses"))
        type_and_send(qtbot, window, "My name is Ada.")
        await reply_finished(window)
        type_and_send(qtbot, window, "What is my name?")
        await reply_finished(window)

    run_async(scenario())
    sent = journal(sim, "/v1/responses")
    assert len(sent) == 2 and "previous_response_id" not in sent[0]["body"]
    first_id = chat.model.messages[1].response_id
    assert first_id and sent[1]["body"]["previous_response_id"] == first_id
    assert "Ada" in chat.model.messages[3].content


def test_delete_conversation_can_be_undone(open_window, qtbot, run_async):
    window = open_window()
    chat = window.parts["chat"]

    async def scenario():
        type_and_send(qtbot, window, "Keep this one")
        await reply_finished(window)

    run_async(scenario())
    conversation_id = chat.conversation_id
    chat.delete_conversation(conversation_id)
    assert chat.store.list() == [] and chat.model.rowCount() == 0
    window.activateWindow()
    qtbot.keyClick(chat.list.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [c.id for c in chat.store.list()] == [conversation_id]
    assert chat.model.messages[0].content == "Keep this one"


def test_export_then_import_json_round_trips(open_window, qtbot, run_async, tmp_path):
    window = open_window()
    chat = window.parts["chat"]

    async def scenario():
        type_and_send(qtbot, window, "Export me")
        await reply_finished(window)

    run_async(scenario())
    original = chat.conversation_id
    target = tmp_path / "chat.json"
    markdown = tmp_path / "chat.md"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")

    async def round_trip():
        chat.export_to(chat.conversation_id, target, "json")
        chat.export_to(chat.conversation_id, markdown, "markdown")
        await until(lambda: target.exists() and markdown.exists(), message="nothing was exported")
        chat.import_from(target)
        await until(lambda: chat.conversation_id != original, message="the import never opened")
        chat.import_from(broken)
        await until(lambda: chat.notice.isVisible(), message="no sentence about the broken file")

    run_async(round_trip())
    assert json.loads(target.read_text())["messages"][0]["content"] == "Export me"
    assert "Export me" in markdown.read_text()
    assert next(m.content for m in chat.model.messages) == "Export me"
    assert "Could not import broken.json" in chat.notice.text() and "Traceback" not in chat.notice.text()


def test_settings_panel_values_are_sent_and_saved(open_window, qtbot, run_async, sim):
    window = open_window()
    chat = window.parts["chat"]
    chat.new_conversation()
    chat.panel.temperature.setValue(0.4)
    chat.panel.system_prompt.setPlainText("Answer like a pirate")
    chat.panel.max_tokens.setValue(50)

    async def scenario():
        type_and_send(qtbot, window, "Hello")
        await reply_finished(window)

    run_async(scenario())
    body = journal(sim, CHAT)[-1]["body"]
    assert body["temperature"] == 0.4 and body["max_tokens"] == 50
    assert body["messages"][0] == {"role": "system", "content": "Answer like a pirate"}
    saved = chat.store.get(chat.conversation_id).settings
    assert saved["temperature"] == 0.4 and saved["system_prompt"] == "Answer like a pirate"


def test_a_long_thread_opens_at_its_end_and_loads_earlier_pages_on_scroll(open_window, qtbot):
    window = open_window()
    chat = window.parts["chat"]
    conversation = chat.store.create("Long")
    for number in range(400):
        chat.store.add_message(conversation.id, "user" if number % 2 == 0 else "assistant", f"message {number}")
    chat.refresh_list()
    chat.open_conversation(conversation.id)
    assert chat.model.rowCount() == 150 and chat.model.messages[-1].content == "message 399"
    chat.view.verticalScrollBar().setValue(0)
    assert chat.model.rowCount() == 300 and chat.model.messages[0].content == "message 100"
    chat.view.verticalScrollBar().setValue(0)
    chat.view.verticalScrollBar().setValue(0)
    assert chat.model.rowCount() == 400 and chat.model.messages[0].content == "message 0"


def test_a_saved_assistant_starts_new_chats_with_its_prompt_and_settings(open_window, qtbot, run_async, sim):
    window = open_window()
    chat = window.parts["chat"]
    chat.new_conversation()
    chat.panel.system_prompt.setPlainText("You are a terse poet")
    chat.panel.temperature.setValue(1.2)
    chat.panel.flush()
    chat.save_assistant("Poet")
    menu = chat.assistants_button.menu()
    menu.popup(chat.assistants_button.mapToGlobal(chat.assistants_button.rect().bottomLeft()))  # not exec()
    poet = next(a for a in menu.actions() if a.text() == "Poet")
    poet.trigger()
    menu.hide()
    assert chat.panel.system_prompt.toPlainText() == "You are a terse poet"

    async def scenario():
        type_and_send(qtbot, window, "Write about rain")
        await reply_finished(window)

    run_async(scenario())
    body = journal(sim, CHAT)[-1]["body"]
    assert body["messages"][0] == {"role": "system", "content": "You are a terse poet"} and body["temperature"] == 1.2


def test_a_search_shows_one_row_per_conversation_with_the_words_marked(open_window, qtbot, run_async):
    from studio.ui.chat.conversation_list import HitHtmlRole

    window = open_window()
    chat = window.parts["chat"]
    store = window.workspace.conversations
    cats = store.create("动物")
    store.add_message(cats.id, "user", "请告诉我关于猫的知识，猫为什么喜欢睡觉")
    store.add_message(cats.id, "assistant", "猫每天睡十几个小时，猫很喜欢晒太阳。")
    english = store.create("Pets")
    store.add_message(english.id, "user", "Tell me about cats please")
    store.add_message(english.id, "assistant", "A cat sleeps a lot; cats dream too.")

    def search(text: str) -> list[str]:
        chat.list.search.clear()
        type_text(qtbot, chat.list.search, text)

        def rows() -> list[str]:
            model = chat.list.model
            return [model.index(row, 0).data(HitHtmlRole) or "" for row in range(model.rowCount())]

        async def searched():
            await until(lambda: chat.list.showing_hits and any(text in row for row in rows()), message="no hit")

        run_async(searched())
        return rows()

    for text in ("猫", "猫很喜欢", "睡觉"):
        rows = search(text)
        assert len(rows) == 1, f"one row per conversation for {text}: {rows}"
        assert f">{text}</b>" in rows[0], f"{text} is marked: {rows[0]}"
    rows = search("cats")
    assert len(rows) == 1 and ">cats</b>" in rows[0] and "[cats]" not in rows[0]


def test_a_finished_long_reply_keeps_the_width_it_streamed_at(open_window, qtbot, run_async):
    """The usage count shown when a reply ends must not widen the settings panel: a narrower message
    column makes Qt lay out the whole reply again (~140 ms for 20,000 tokens, bench_chat_ui.py stream)."""
    window = open_window()
    window.resize(1200, 800)
    chat = window.parts["chat"]
    widths: list[int] = []
    chat.bridge.textArrived.connect(lambda _id, _text: widths.append(chat.view.viewport().width()))

    async def scenario():
        type_and_send(qtbot, window, "A long answer [[tokens:3000]] [[token-rate:3000]]")
        await reply_finished(window)
        await until(lambda: "3000" in chat.panel.usage.text().replace(",", ""), message="no usage shown")

    run_async(scenario())
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents()  # the layout requests the new usage text posted
    QApplication.processEvents()
    assert widths, "no text streamed"
    assert chat.view.viewport().width() == widths[-1], "the message column got narrower when the reply ended"
