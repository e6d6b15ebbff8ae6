"""Conversation storage in a real SQLite file: branches, undo-able delete, search in any language, export."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import TEST_KEY

from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.core.chat import ChatService, ReplySink
from studio.core.conversations import ConversationStore
from studio.core.database import open_database, schema_version


@pytest.fixture
def store(tmp_path):
    db = open_database(tmp_path / "studio.db")
    yield ConversationStore(db)
    db.close()


def test_schema_is_versioned_and_uses_wal(tmp_path):
    db = open_database(tmp_path / "studio.db")
    assert schema_version(db) >= 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    again = open_database(tmp_path / "studio.db")  # reopening applies nothing twice
    assert schema_version(again) >= 1
    again.close()


def test_thread_and_branches(store):
    chat = store.create("Otters")
    question = store.add_message(chat.id, "user", "Tell me about otters")
    store.add_message(chat.id, "assistant", "Otters are mustelids.")
    # edit the question: a sibling of the first question starts a new branch
    edited = store.add_message(
        chat.id, "user", "Tell me about sea otters", parent_id=question.parent_id, follow_leaf=False
    )
    store.add_message(chat.id, "assistant", "Sea otters hold hands.")
    assert [m.content for m in store.path(chat.id)] == ["Tell me about sea otters", "Sea otters hold hands."]
    assert store.siblings(edited.id) == [question.id, edited.id]
    store.switch_branch(question.id)
    assert [m.content for m in store.path(chat.id)] == ["Tell me about otters", "Otters are mustelids."]


def test_regenerate_adds_an_alternative_answer(store):
    chat = store.create()
    question = store.add_message(chat.id, "user", "Hi")
    first = store.add_message(chat.id, "assistant", "Hello!")
    second = store.add_message(chat.id, "assistant", "Hey there!", parent_id=question.id)
    assert store.siblings(second.id) == [first.id, second.id]
    assert store.path(chat.id)[-1].content == "Hey there!"
    store.delete_message(second.id)
    assert store.path(chat.id)[-1].content == "Hello!"


def test_delete_is_undoable_until_purged(store):
    chat = store.create("Keep me")
    store.delete(chat.id)
    assert store.list() == []
    store.restore(chat.id)
    assert [c.title for c in store.list()] == ["Keep me"]
    store.delete(chat.id)
    assert store.purge_deleted() == 1 and store.list(include_deleted=True) == []


def test_pinned_conversations_come_first(store):
    a = store.create("a")
    store.create("b")
    store.set_pinned(a.id, True)
    assert [c.title for c in store.list()] == ["a", "b"]


def test_search_finds_english_and_chinese_substrings(store):
    chat = store.create("Travel")
    store.add_message(chat.id, "user", "今天我们测试语音转文字")
    other = store.create("Cooking")
    store.add_message(other.id, "assistant", "Knead the sourdough for ten minutes")
    assert [h.conversation_id for h in store.search("测试语音")] == [chat.id]
    hit = store.search("sourdough")[0]
    assert hit.conversation_id == other.id and hit.snippet == "Knead the sourdough for ten minutes"
    assert hit.terms == ("sourdough",) and "[" not in hit.snippet
    assert [h.conversation_id for h in store.search("Cook")] == [other.id]
    assert store.search('"unbalanced quote') == []
    long = store.create("Long")
    store.add_message(long.id, "user", "无关的文字" * 40 + "今天的猫很困" + "后面的话" * 40)
    [cat] = [h for h in store.search("猫很") if h.conversation_id == long.id]
    assert "猫很" in cat.snippet and cat.snippet.startswith("…") and len(cat.snippet) < 100
    store.delete(other.id)
    assert store.search("sourdough") == []


def test_export_and_import_round_trip_keeps_branches(store):
    chat = store.create("Round trip", mode="responses", settings={"model": "gpt-4o"})
    q = store.add_message(chat.id, "user", "Q1")
    store.add_message(chat.id, "assistant", "A1", model="gpt-4o", input_tokens=3, output_tokens=5)
    store.add_message(chat.id, "user", "Q1 edited", parent_id=q.parent_id, follow_leaf=False)
    data = store.export_json(chat.id)
    copy = store.import_json(data)
    assert copy.id != chat.id and copy.mode == "responses" and copy.settings == {"model": "gpt-4o"}
    assert [m.content for m in store.path(copy.id)] == ["Q1 edited"]
    assert store.message_count(copy.id) == 3
    markdown = store.export_markdown(chat.id)
    assert markdown.startswith("# Round trip") and "Q1 edited" in markdown
    with pytest.raises(ValueError, match="not a UniAPI Studio conversation"):
        store.import_json({"format": "something else"})


def test_a_failed_write_leaves_nothing_half_done(store):
    chat = store.create()
    with pytest.raises(sqlite3.Error):
        store.update_message(12345, no_such_column=1)
    assert store.path(chat.id) == []


@pytest.mark.parametrize("mode", ["chat", "responses"])
async def test_a_fault_prompt_fails_its_own_turn_only(tmp_path, sim, mode):
    db = open_database(tmp_path / "studio.db")
    store = ConversationStore(db)
    async with UniApi(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY)) as api:
        service = ChatService(store, lambda: api)
        chat = store.create("Faults", mode=mode)
        states = []
        for prompt in ("break this one [[fault:500]]", "and this one is fine?", "still fine?"):
            service.add_user_message(chat.id, prompt)
            reply = await service.stream_reply(chat.id, service.start_reply(chat.id), ReplySink())
            states.append(reply.status)
    db.close()
    assert states == ["error", "done", "done"]
