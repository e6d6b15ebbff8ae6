"""Conversations and messages in SQLite: branches, soft delete with undo, full-text search, export.

Messages form a tree (`parent_id`); a conversation shows the path from the root to its `current_leaf`.
Editing a user message adds a sibling, which starts a new branch; switching branches moves the leaf.
Search uses FTS5 with the trigram tokenizer, so Chinese text (no spaces) is found by any substring.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from .database import register, run_script, transaction
from .events import ConversationChange, ConversationsChanged, EventHub

MODES = ("chat", "responses", "completions")


@register(1, "conversations")
def _schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            deleted INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL DEFAULT 'chat',
            settings TEXT NOT NULL DEFAULT '{}',
            current_leaf INTEGER
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            reasoning TEXT NOT NULL DEFAULT '',
            attachments TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'done',
            error TEXT,
            model TEXT NOT NULL DEFAULT '',
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            response_id TEXT,
            created REAL NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_by_parent ON messages(parent_id);
        CREATE VIRTUAL TABLE message_fts USING fts5(
            content, content='messages', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO message_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO message_fts(message_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO message_fts(message_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO message_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TABLE assistants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            system_prompt TEXT NOT NULL DEFAULT '',
            settings TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE usage_ledger (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            family TEXT NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            conversation_id INTEGER,
            message_id INTEGER
        );
        """,
    )


@dataclass
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str = ""
    reasoning: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    status: str = "done"
    """done, streaming, stopped (the user pressed Stop) or error."""
    error: dict[str, Any] | None = None
    model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    response_id: str | None = None
    created: float = 0.0


@dataclass
class Conversation:
    id: int
    title: str
    created: float
    updated: float
    pinned: bool = False
    deleted: bool = False
    mode: str = "chat"
    settings: dict[str, Any] = field(default_factory=dict)
    current_leaf: int | None = None


@dataclass
class SearchHit:
    conversation_id: int
    message_id: int
    """-1 when the title matched."""
    title: str
    snippet: str
    """Plain text around the first match (no markers: the view highlights `terms` itself)."""
    terms: tuple[str, ...] = ()


@dataclass
class Assistant:
    id: int
    name: str
    system_prompt: str
    settings: dict[str, Any]


def _message(row: sqlite3.Row) -> Message:
    return Message(
        id=row["id"],
        conversation_id=row["conversation_id"],
        parent_id=row["parent_id"],
        role=row["role"],
        content=row["content"],
        reasoning=row["reasoning"],
        attachments=json.loads(row["attachments"] or "[]"),
        status=row["status"],
        error=json.loads(row["error"]) if row["error"] else None,
        model=row["model"],
        input_tokens=row["input_tokens"],
        output_tokens=row["output_tokens"],
        response_id=row["response_id"],
        created=row["created"],
    )


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(
        id=row["id"],
        title=row["title"],
        created=row["created"],
        updated=row["updated"],
        pinned=bool(row["pinned"]),
        deleted=bool(row["deleted"]),
        mode=row["mode"],
        settings=json.loads(row["settings"] or "{}"),
        current_leaf=row["current_leaf"],
    )


def snippet_around(content: str, terms: tuple[str, ...], width: int = 90) -> str:
    """About `width` characters of `content` on one line, around its first match of any term."""
    flat = " ".join(content.split())
    lowered = flat.casefold()
    found = [at for term in terms if (at := lowered.find(term.casefold())) >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    piece = flat[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")


def fts_query(text: str) -> str | None:
    """User words as a safe FTS5 trigram query (each word quoted); None if no word has 3+ characters."""
    words = [w for w in text.split() if len(w) >= 3]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class ConversationStore:
    """All conversation reads and writes; one instance per database connection.

    Every change is published on `events` as a `ConversationsChanged`.
    """

    def __init__(self, db: sqlite3.Connection, *, events: EventHub | None = None) -> None:
        self.db = db
        self.events = events or EventHub()

    def _changed(self, conversation_id: int | None, change: ConversationChange) -> None:
        self.events.publish(ConversationsChanged(conversation_id, change))

    # conversations ---------------------------------------------------------------------------

    def create(self, title: str = "", mode: str = "chat", settings: dict[str, Any] | None = None) -> Conversation:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        now = time.time()
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO conversations(title, created, updated, mode, settings) VALUES (?, ?, ?, ?, ?)",
                (title, now, now, mode, json.dumps(settings or {})),
            )
        conversation = self.get(int(cursor.lastrowid or 0))
        self._changed(conversation.id, "created")
        return conversation

    def get(self, conversation_id: int) -> Conversation:
        row = self.db.execute("SELECT * FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        if row is None:
            raise KeyError(conversation_id)
        return _conversation(row)

    def list(self, *, include_deleted: bool = False) -> list[Conversation]:
        where = "" if include_deleted else "WHERE deleted = 0"
        rows = self.db.execute(f"SELECT * FROM conversations {where} ORDER BY pinned DESC, updated DESC, id DESC")
        return [_conversation(row) for row in rows]

    def _update(self, conversation_id: int, **values: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        with transaction(self.db):
            self.db.execute(f"UPDATE conversations SET {columns} WHERE id = ?", (*values.values(), conversation_id))

    def rename(self, conversation_id: int, title: str) -> None:
        self._update(conversation_id, title=title.strip())
        self._changed(conversation_id, "renamed")

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._update(conversation_id, pinned=int(pinned))
        self._changed(conversation_id, "pinned")

    def set_mode(self, conversation_id: int, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self._update(conversation_id, mode=mode)
        self._changed(conversation_id, "settings")

    def update_settings(self, conversation_id: int, settings: dict[str, Any]) -> None:
        self._update(conversation_id, settings=json.dumps(settings))
        self._changed(conversation_id, "settings")

    def delete(self, conversation_id: int) -> None:
        """Hide the conversation; `restore` brings it back (undo); `purge_deleted` removes it for good."""
        self._update(conversation_id, deleted=1)
        self._changed(conversation_id, "deleted")

    def restore(self, conversation_id: int) -> None:
        self._update(conversation_id, deleted=0)
        self._changed(conversation_id, "restored")

    def purge_deleted(self) -> int:
        with transaction(self.db):
            return self.db.execute("DELETE FROM conversations WHERE deleted = 1").rowcount

    # messages --------------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str = "",
        *,
        parent_id: int | None = None,
        follow_leaf: bool = True,
        **fields: Any,
    ) -> Message:
        """Append a message under `parent_id` (default: the current leaf) and make it the new leaf."""
        now = time.time()
        with transaction(self.db):
            if parent_id is None and follow_leaf:
                parent_id = self.db.execute(
                    "SELECT current_leaf FROM conversations WHERE id = ?", (conversation_id,)
                ).fetchone()[0]
            extra = {k: (json.dumps(v) if k in ("attachments", "error") else v) for k, v in fields.items()}
            columns = ["conversation_id", "parent_id", "role", "content", "created", *extra]
            cursor = self.db.execute(
                f"INSERT INTO messages({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                (conversation_id, parent_id, role, content, now, *extra.values()),
            )
            message_id = int(cursor.lastrowid or 0)
            self.db.execute(
                "UPDATE conversations SET current_leaf = ?, updated = ? WHERE id = ?",
                (message_id, now, conversation_id),
            )
        self._changed(conversation_id, "messages")
        return self.message(message_id)

    def message(self, message_id: int) -> Message:
        row = self.db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise KeyError(message_id)
        return _message(row)

    def update_message(self, message_id: int, **values: Any) -> None:
        """Change fields of a message in one transaction (e.g. the final text, status and usage)."""
        encoded = {
            k: (json.dumps(v) if k in ("attachments", "error") and v is not None else v) for k, v in values.items()
        }
        columns = ", ".join(f"{name} = ?" for name in encoded)
        with transaction(self.db):
            self.db.execute(f"UPDATE messages SET {columns} WHERE id = ?", (*encoded.values(), message_id))
        self._changed(self.message(message_id).conversation_id, "messages")

    def path(self, conversation_id: int) -> list[Message]:
        """The visible thread: root to the current leaf."""
        return self.messages(self.path_ids(conversation_id))

    def path_ids(self, conversation_id: int) -> list[int]:
        """Ids of the visible thread, root to leaf (cheap: no message text is read)."""
        leaf = self.db.execute("SELECT current_leaf FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        if leaf is None or leaf[0] is None:
            return []
        rows = self.db.execute(
            """
            WITH RECURSIVE chain(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM messages WHERE id = ?
                UNION ALL
                SELECT m.id, m.parent_id, chain.depth + 1 FROM messages m JOIN chain ON m.id = chain.parent_id
            )
            SELECT id FROM chain ORDER BY depth DESC
            """,
            (leaf[0],),
        )
        return [row[0] for row in rows]

    def messages(self, ids: list[int]) -> list[Message]:
        """These messages, in the order given."""
        found: dict[int, Message] = {}
        for start in range(0, len(ids), 500):  # SQLite caps the number of bound parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM messages WHERE id IN ({marks})", chunk):
                found[row["id"]] = _message(row)
        return [found[i] for i in ids if i in found]

    def siblings(self, message_id: int) -> list[int]:
        """Ids of the alternatives at this point of the thread (this message included), oldest first."""
        row = self.db.execute("SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            return []
        if row["parent_id"] is None:
            found = self.db.execute(
                "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY id",
                (row["conversation_id"],),
            )
        else:
            found = self.db.execute("SELECT id FROM messages WHERE parent_id = ? ORDER BY id", (row["parent_id"],))
        return [r[0] for r in found]

    def switch_branch(self, message_id: int) -> None:
        """Show the branch through `message_id`: its newest descendant becomes the leaf."""
        leaf = message_id
        while True:
            child = self.db.execute("SELECT MAX(id) FROM messages WHERE parent_id = ?", (leaf,)).fetchone()[0]
            if child is None:
                break
            leaf = child
        conversation_id = self.message(message_id).conversation_id
        self._update(conversation_id, current_leaf=leaf)
        self._changed(conversation_id, "messages")

    def delete_message(self, message_id: int) -> None:
        """Remove a message and everything after it on its branch; the thread ends at its parent."""
        target = self.message(message_id)
        with transaction(self.db):
            self.db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        remaining = [m for m in self.siblings_of_parent(target) if m != message_id]
        if remaining:
            self.switch_branch(remaining[-1])
        else:
            self._update(target.conversation_id, current_leaf=target.parent_id)
            self._changed(target.conversation_id, "messages")

    def branch_positions(self, conversation_id: int, shown: list[Message]) -> dict[int, tuple[int, int]]:
        """For each shown message that has siblings: (its 1-based position, how many there are)."""
        children: dict[int | None, list[int]] = {}
        for parent_id, message_id in self.db.execute(
            "SELECT parent_id, id FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        ):
            children.setdefault(parent_id, []).append(message_id)
        positions = {}
        for message in shown:
            siblings = children.get(message.parent_id, [])
            if len(siblings) > 1:
                positions[message.id] = (siblings.index(message.id) + 1, len(siblings))
        return positions

    def siblings_of_parent(self, message: Message) -> list[int]:
        if message.parent_id is None:
            rows = self.db.execute(
                "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY id",
                (message.conversation_id,),
            )
        else:
            rows = self.db.execute("SELECT id FROM messages WHERE parent_id = ? ORDER BY id", (message.parent_id,))
        return [r[0] for r in rows]

    def message_count(self, conversation_id: int) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", (conversation_id,)).fetchone()[0]
        )

    # search ----------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose title or messages contain the words (any language, any substring)."""
        text = text.strip()
        if not text:
            return []
        query = fts_query(text)
        terms = tuple(text.split())
        hits: list[SearchHit] = []
        seen: set[int] = set()
        for row in self.db.execute(
            "SELECT id, title FROM conversations WHERE deleted = 0 AND title LIKE ? ORDER BY updated DESC",
            (f"%{text}%",),
        ):
            seen.add(row["id"])
            hits.append(SearchHit(row["id"], -1, row["title"], row["title"], terms))
        if query is not None:
            rows = self.db.execute(
                """
                SELECT m.id AS message_id, m.conversation_id, c.title, m.content AS snip
                FROM message_fts JOIN messages m ON m.id = message_fts.rowid
                JOIN conversations c ON c.id = m.conversation_id
                WHERE message_fts MATCH ? AND c.deleted = 0
                ORDER BY rank LIMIT ?
                """,
                (query, limit * 4),
            )
        else:
            rows = self.db.execute(
                """
                SELECT m.id AS message_id, m.conversation_id, c.title, m.content AS snip
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.content LIKE ? AND c.deleted = 0 ORDER BY m.id DESC LIMIT ?
                """,
                (f"%{text}%", limit * 4),
            )
        for row in rows:
            if row["conversation_id"] in seen:
                continue
            seen.add(row["conversation_id"])
            snippet = snippet_around(row["snip"], terms)
            hits.append(SearchHit(row["conversation_id"], row["message_id"], row["title"], snippet, terms))
        return hits[:limit]

    # usage -----------------------------------------------------------------------------------

    def record_usage(
        self,
        family: str,
        model: str,
        input_tokens: int,
        output_tokens: int,
        conversation_id: int | None = None,
        message_id: int | None = None,
    ) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO usage_ledger(at, family, model, input_tokens, output_tokens, conversation_id, message_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (time.time(), family, model, input_tokens, output_tokens, conversation_id, message_id),
            )

    def usage_totals(self, conversation_id: int) -> tuple[int, int]:
        row = self.db.execute(
            "SELECT COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0)"
            " FROM messages WHERE conversation_id = ?",
            (conversation_id,),
        ).fetchone()
        return int(row[0]), int(row[1])

    # assistants ------------------------------------------------------------------------------

    def assistants(self) -> list[Assistant]:
        rows = self.db.execute("SELECT * FROM assistants ORDER BY name")
        return [Assistant(r["id"], r["name"], r["system_prompt"], json.loads(r["settings"])) for r in rows]

    def save_assistant(self, name: str, system_prompt: str, settings: dict[str, Any]) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO assistants(name, system_prompt, settings) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET system_prompt = excluded.system_prompt, settings = excluded.settings",
                (name.strip(), system_prompt, json.dumps(settings)),
            )

    def delete_assistant(self, name: str) -> None:
        with transaction(self.db):
            self.db.execute("DELETE FROM assistants WHERE name = ?", (name,))

    # export / import -------------------------------------------------------------------------

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        conversation = self.get(conversation_id)
        rows = self.db.execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,))
        return {
            "format": "uniapi-studio-conversation",
            "version": 1,
            "conversation": {k: v for k, v in asdict(conversation).items() if k not in ("id", "deleted")},
            "messages": [asdict(_message(row)) for row in rows],
        }

    def import_json(self, data: dict[str, Any]) -> Conversation:
        """Recreate an exported conversation (all branches) as a new conversation."""
        if data.get("format") != "uniapi-studio-conversation":
            raise ValueError("This file is not a UniAPI Studio conversation export.")
        meta = data.get("conversation") or {}
        conversation = self.create(
            str(meta.get("title") or "Imported"),
            str(meta.get("mode") or "chat"),
            dict(meta.get("settings") or {}),
        )
        new_ids: dict[int, int] = {}
        leaf_old = meta.get("current_leaf")
        for raw in data.get("messages") or []:
            parent = new_ids.get(raw.get("parent_id")) if raw.get("parent_id") is not None else None
            message = self.add_message(
                conversation.id,
                str(raw.get("role") or "user"),
                str(raw.get("content") or ""),
                parent_id=parent,
                follow_leaf=False,
                reasoning=str(raw.get("reasoning") or ""),
                attachments=list(raw.get("attachments") or []),
                status=str(raw.get("status") or "done"),
                error=raw.get("error"),
                model=str(raw.get("model") or ""),
                input_tokens=int(raw.get("input_tokens") or 0),
                output_tokens=int(raw.get("output_tokens") or 0),
                response_id=raw.get("response_id"),
            )
            new_ids[int(raw["id"])] = message.id
        if leaf_old is not None and leaf_old in new_ids:
            self._update(conversation.id, current_leaf=new_ids[leaf_old])
            self._changed(conversation.id, "messages")
        return self.get(conversation.id)

    def export_markdown(self, conversation_id: int) -> str:
        conversation = self.get(conversation_id)
        lines = [f"# {conversation.title or 'Conversation'}", ""]
        for message in self.path(conversation_id):
            lines.append(f"## {message.role.capitalize()}" + (f" ({message.model})" if message.model else ""))
            lines.append("")
            lines.append(message.content)
            lines.append("")
        return "\n".join(lines)
