"""The chat tab: conversations on the left, the thread and composer in the middle, settings on the right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import InputError
from ...core.chat import ChatService
from ...core.conversations import ConversationStore
from ...core.events import ConversationsChanged
from ...core.workspace import ConnectionReport
from ...qt.chat_bridge import ChatBridge
from ...qt.messages import translated
from ...qt.operation import Operation
from ..shortcuts import bind, make_shortcut
from ..tab import StudioTab, TabAction, TabContext
from ..widgets.dialogs import ask_text, confirm, pick_files, pick_save_path
from .composer import Composer
from .conversation_list import ConversationList
from .message_view import MessageListModel, MessageView, error_sentences
from .settings_panel import ChatSettingsPanel

PAGE = 150
"""Messages loaded at a time: opening a thread of thousands of messages stays instant."""


class DeleteConversation(QUndoCommand):
    def __init__(self, tab: ChatTab, conversation_id: int, title: str) -> None:
        super().__init__(QCoreApplication.translate("ChatTab", "Delete “{title}”").format(title=title))
        self.tab = tab
        self.conversation_id = conversation_id

    def redo(self) -> None:
        self.tab.store.delete(self.conversation_id)
        if self.tab.conversation_id == self.conversation_id:
            self.tab.open_conversation(None)

    def undo(self) -> None:
        self.tab.store.restore(self.conversation_id)
        self.tab.open_conversation(self.conversation_id)


class ChatTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        workspace = context.workspace
        self.store: ConversationStore = workspace.conversations
        self.service = ChatService(self.store, workspace.api)
        self.bridge = ChatBridge(self.service, self)
        self.conversation_id: int | None = None
        self._earlier_ids: list[int] = []
        self.undo = QUndoStack(self)
        self._list_refresh = QTimer(self)  # many changes in one go (an import) refresh the list once
        self._list_refresh.setSingleShot(True)
        self._list_refresh.setInterval(0)
        self._list_refresh.timeout.connect(self.refresh_list)

        self.list = ConversationList()
        new_chat = QPushButton(self.tr("New chat"))
        new_chat.setToolTip(self.tr("New chat (Ctrl+N)"))
        new_chat.clicked.connect(lambda: self.new_conversation())
        self.assistants_button = QToolButton()
        self.assistants_button.setText(self.tr("Assistants"))
        self.assistants_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.assistants_button.setMenu(QMenu(self.assistants_button))
        self.assistants_button.menu().aboutToShow.connect(self._fill_assistants_menu)
        import_button = QToolButton()
        import_button.setText(self.tr("Import…"))
        import_button.setToolTip(self.tr("Import a conversation exported as JSON"))
        import_button.clicked.connect(self._pick_import)
        left_top = QHBoxLayout()
        left_top.addWidget(new_chat, 1)
        left_top.addWidget(self.assistants_button)
        left_top.addWidget(import_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addLayout(left_top)
        left_layout.addWidget(self.list, 1)

        self.model = MessageListModel(self)
        self.view = MessageView()
        self.view.setAccessibleName(self.tr("Messages"))
        self.view.setModel(self.model)
        self.empty = QLabel(
            self.tr(
                "Start a conversation: type below and press Enter.\n"
                "Drop images or text files on the box to attach them."
            )
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #888; font-size: 15px;")
        self.notice = QLabel()
        self.notice.setVisible(False)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #c62828; padding: 2px 8px;")
        self.composer = Composer(workspace.settings.paths.data_dir / "attachments")
        self.composer.set_enter_sends(workspace.settings.data.enter_sends)
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        # A stack, not show/hide: switching pages never re-lays out the window (no stall on first send).
        self.thread_stack = QStackedWidget()
        self.thread_stack.addWidget(self.empty)
        self.thread_stack.addWidget(self.view)
        center_layout.addWidget(self.thread_stack, 1)
        center_layout.addWidget(self.notice)
        center_layout.addWidget(self.composer)

        self.panel = ChatSettingsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 700, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._connect()
        self.refresh_list()
        conversations = self.store.list()
        self.open_conversation(conversations[0].id if conversations else None)

    def _connect(self) -> None:
        self.list.conversationChosen.connect(lambda cid, _mid: self.open_conversation(cid))
        self.list.searchChanged.connect(self._search)
        self.list.renameRequested.connect(self._ask_rename)
        self.list.deleteRequested.connect(self.delete_conversation)
        self.list.pinRequested.connect(self._pin)
        self.list.exportRequested.connect(self._pick_export)
        self.composer.sendRequested.connect(self.send)
        self.composer.stopRequested.connect(self.bridge.stop)
        self.composer.problem.connect(self.show_notice)
        self.panel.settingsChanged.connect(self._save_settings)
        self.panel.modeChanged.connect(self._save_mode)
        self.panel.saveAssistantRequested.connect(self._ask_save_assistant)
        self.bridge.replyStarted.connect(self._reply_started)
        self.bridge.textArrived.connect(self.model.append_text)
        self.bridge.reasoningArrived.connect(lambda mid, text: self.model.append_text(mid, text, reasoning=True))
        self.bridge.replyEnded.connect(self._reply_ended)
        self.view.delegate.anchorActivated.connect(self._anchor)
        self.view.reachedTop.connect(self.load_earlier)
        for find in make_shortcut("chat.find", self, Qt.ShortcutContext.WindowShortcut):  # while the tab shows
            find.activated.connect(lambda: self.list.search.setFocus())
        self.context.events.conversationsChanged.connect(self._conversations_changed)
        self.context.events.connectionChecked.connect(self._connection_checked)
        self.context.events.settingsChanged.connect(
            lambda: self.composer.set_enter_sends(self.workspace.settings.data.enter_sends)
        )

    # the tab contract ----------------------------------------------------------------------------

    def menu_actions(self) -> list[TabAction]:
        new_chat = bind(QAction(self.tr("New chat"), self), "chat.new")
        new_chat.triggered.connect(lambda: self.new_conversation())
        panel = QAction(
            self.tr("Conversation settings panel"), self, checkable=True, checked=self.panel.isVisibleTo(self)
        )
        bind(panel, "chat.settings_panel")
        panel.toggled.connect(self.panel.setVisible)
        self.panel_action = panel
        return [TabAction("file", new_chat), TabAction("view", panel)]

    def undo_stack(self) -> QUndoStack:
        return self.undo

    def stop(self) -> None:
        self.panel.flush()
        self.bridge.stop()
        self._list_refresh.stop()

    def open_files(self, paths: list[Path]) -> bool:
        if paths:
            self.composer.add_files(paths)  # read in a worker; a file it cannot use gets a sentence
        return bool(paths)

    def _conversations_changed(self, change: ConversationsChanged) -> None:
        self._list_refresh.start()

    def _connection_checked(self, report: ConnectionReport) -> None:
        if report.ok:
            self.panel.set_models(report.models)

    # conversations -------------------------------------------------------------------------------

    def refresh_list(self) -> None:
        if self.list.search.text().strip():
            self._search(self.list.search.text())
        else:
            self.list.show_conversations(self.store.list(), self.conversation_id or -1)

    def _search(self, text: str) -> None:
        if text.strip():
            self.list.show_hits(self.store.search(text))
        else:
            self.list.show_conversations(self.store.list(), self.conversation_id or -1)

    def new_conversation(self, settings: dict[str, Any] | None = None) -> int:
        self.panel.flush()
        base = dict(settings or {})
        if not base.get("model"):
            profile = self.workspace.profile
            base["model"] = (profile.default_models.get("chat") if profile else None) or self.panel.settings()["model"]
        conversation = self.store.create("", "chat", base)
        self.open_conversation(conversation.id)
        self.composer.edit.setFocus()
        return conversation.id

    def open_conversation(self, conversation_id: int | None) -> None:
        if self.bridge.busy and conversation_id != self.conversation_id:
            self.bridge.stop()
        self.panel.flush()
        self.conversation_id = conversation_id
        self._list_refresh.start()  # the list highlights the conversation now open
        if conversation_id is None:
            self.model.set_messages([])
            self._show_empty(True)
            return
        conversation = self.store.get(conversation_id)
        self.panel.load(conversation.mode, conversation.settings)
        self.reload_thread()
        self.view.stick_to_bottom = True
        self.view.scrollToBottom()

    def reload_thread(self) -> None:
        if self.conversation_id is None:
            return
        ids = self.store.path_ids(self.conversation_id)
        # Only the newest page is loaded; scrolling to the top loads earlier pages (see load_earlier).
        self._earlier_ids = ids[:-PAGE]
        shown = self.store.messages(ids[-PAGE:])
        self.model.set_messages(shown, self.store.branch_positions(self.conversation_id, shown))
        self._show_empty(not ids)
        self.panel.show_usage(*self.store.usage_totals(self.conversation_id))

    def load_earlier(self) -> int:
        """Prepend the previous page of the thread; returns how many messages were added."""
        if not self._earlier_ids:
            return 0
        page, self._earlier_ids = self._earlier_ids[-PAGE:], self._earlier_ids[:-PAGE]
        messages = self.store.messages(page)
        assert self.conversation_id is not None
        self.model.prepend(messages, self.store.branch_positions(self.conversation_id, messages))
        self.view.scrollTo(self.model.index(len(messages), 0), MessageView.ScrollHint.PositionAtTop)
        return len(messages)

    def _show_empty(self, empty: bool) -> None:
        self.thread_stack.setCurrentWidget(self.empty if empty else self.view)

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        if title.strip():
            self.store.rename(conversation_id, title)

    def _ask_rename(self, conversation_id: int) -> None:
        current = self.store.get(conversation_id).title
        ask_text(
            self,
            self.tr("Rename conversation"),
            self.tr("Title"),
            lambda title: self.rename_conversation(conversation_id, title),
            text=current,
        )

    def delete_conversation(self, conversation_id: int) -> None:
        title = self.store.get(conversation_id).title or self.tr("New chat")
        self.undo.push(DeleteConversation(self, conversation_id, title))
        self.status.emit(self.tr("Deleted “{title}”. Press Ctrl+Z to undo.").format(title=title))

    def _pin(self, conversation_id: int, pinned: bool) -> None:
        self.store.set_pinned(conversation_id, pinned)

    # export / import -----------------------------------------------------------------------------

    def export_to(self, conversation_id: int, path: Path, kind: str) -> Operation[None]:
        """Write the conversation to `path` in a worker thread; the status bar says where it went."""
        if kind == "json":
            text = json.dumps(self.store.export_json(conversation_id), ensure_ascii=False, indent=2)
        else:
            text = self.store.export_markdown(conversation_id)

        def write(_progress: object) -> None:
            temp = path.with_name(path.name + ".part")
            temp.write_text(text, "utf-8")
            temp.replace(path)

        return (
            Operation.in_thread(self, write)
            .success(lambda _: self.status.emit(self.tr("Exported to {path}").format(path=path)))
            .failure(
                lambda error: self.show_notice(
                    self.tr("Could not export to {name}: {error}").format(name=path.name, error=translated(error))
                )
            )
            .run()
        )

    def import_from(self, path: Path) -> Operation[dict[str, Any]]:
        """Read an exported conversation in a worker thread, then add it (and open it)."""

        def read(_progress: object) -> dict[str, Any]:
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as error:
                raise InputError(str(getattr(error, "strerror", None) or error)) from error
            if not isinstance(data, dict):
                raise InputError(self.tr("This file is not a UniAPI Studio conversation export."))
            return data

        def add(data: dict[str, Any]) -> None:
            try:
                conversation = self.store.import_json(data)
            except (ValueError, KeyError, TypeError) as error:
                self.show_notice(self.tr("Could not import {name}: {error}").format(name=path.name, error=error))
                return
            self.open_conversation(conversation.id)

        return (
            Operation.in_thread(self, read)
            .success(add)
            .failure(
                lambda error: self.show_notice(
                    self.tr("Could not import {name}: {error}").format(name=path.name, error=translated(error))
                )
            )
            .run()
        )

    def _pick_export(self, conversation_id: int, kind: str) -> None:
        title = self.store.get(conversation_id).title or "conversation"
        suffix = ".json" if kind == "json" else ".md"
        pick_save_path(
            self,
            self.tr("Export conversation"),
            title + suffix,
            lambda path: self.export_to(conversation_id, path, kind),
        )

    def _pick_import(self) -> None:
        pick_files(
            self,
            self.tr("Import conversation"),
            lambda paths: self.import_from(paths[0]),
            name_filter="JSON (*.json)",
            multiple=False,
        )

    # assistants ----------------------------------------------------------------------------------

    def _fill_assistants_menu(self) -> None:
        menu = self.assistants_button.menu()
        menu.clear()
        assistants = self.store.assistants()
        if not assistants:
            menu.addAction(self.tr("No saved assistants yet")).setEnabled(False)
        for assistant in assistants:
            settings = {**assistant.settings, "system_prompt": assistant.system_prompt}
            menu.addAction(assistant.name, lambda s=settings: self.new_conversation(s))

    def save_assistant(self, name: str) -> None:
        settings = self.panel.settings()
        prompt = settings.pop("system_prompt", "")
        self.store.save_assistant(name, prompt, settings)
        self.status.emit(self.tr("Saved assistant “{name}”").format(name=name))

    def _ask_save_assistant(self) -> None:
        ask_text(
            self,
            self.tr("Save as assistant"),
            self.tr("Name"),
            lambda name: self.save_assistant(name.strip()) if name.strip() else None,
        )

    # sending -------------------------------------------------------------------------------------

    def send(self, text: str, attachments: list[dict[str, Any]]) -> None:
        self.notice.setVisible(False)
        self.panel.flush()
        if self.conversation_id is None:
            self.new_conversation()
        assert self.conversation_id is not None
        editing = self.composer.editing_message_id
        if editing is not None:
            started = self.bridge.edit_and_resend(self.conversation_id, editing, text, attachments or None)
        else:
            started = self.bridge.send(self.conversation_id, text, attachments)
        if started:
            self.composer.clear_after_send()
            self.refresh_list()

    def _reply_started(self, conversation_id: int, _message_id: int) -> None:
        self.composer.set_streaming(True)
        self.view.stick_to_bottom = True
        if conversation_id == self.conversation_id:
            self.reload_thread()

    def _reply_ended(self, message_id: int, status: str) -> None:
        self.composer.set_streaming(False)
        try:
            message = self.store.message(message_id)
        except KeyError:
            return
        self.model.replace(message)  # the delegate finishes the streamed document instead of re-rendering
        if self.conversation_id is not None:
            self.panel.show_usage(*self.store.usage_totals(self.conversation_id))
        if status == "error" and message.error:
            self.status.emit(error_sentences(message.error))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(True)

    # message actions -----------------------------------------------------------------------------

    def _anchor(self, message_id: int, href: str) -> None:
        if href.startswith("copy:"):
            code = self.view.delegate.code_block(message_id, int(href.split(":", 1)[1]))
            if code is not None:
                QGuiApplication.clipboard().setText(code)
                self.status.emit(self.tr("Code copied"))
            return
        if href.startswith(("http://", "https://", "mailto:")):
            QDesktopServices.openUrl(QUrl(href))  # on click only, never automatically
            return
        if href.startswith("action:"):
            self.message_action(message_id, href.split(":", 1)[1])

    def message_action(self, message_id: int, action: str) -> None:
        message = self.store.message(message_id)
        conversation_id = message.conversation_id
        if action == "copy":
            QGuiApplication.clipboard().setText(message.content)
            self.status.emit(self.tr("Message copied"))
        elif action == "edit":
            self.composer.start_editing(message_id, message.content)
        elif action in ("regenerate", "retry"):
            self.bridge.regenerate(conversation_id, message_id)
        elif action == "delete":
            self._confirm_delete_message(message_id)
        elif action in ("prev", "next"):
            siblings = self.store.siblings(message_id)
            position = siblings.index(message_id) + (-1 if action == "prev" else 1)
            if 0 <= position < len(siblings):
                self.store.switch_branch(siblings[position])
                self.reload_thread()
        elif action == "details" and message.error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Error details"),
                error_sentences(message.error),
                QMessageBox.StandardButton.Close,
                self,
            )
            box.setDetailedText(str(message.error.get("details", "")))
            box.open()
        elif action == "open":
            self.open_reader(message_id)
        elif action == "reasoning":
            expanded = self.view.delegate.expanded_reasoning
            expanded.symmetric_difference_update({message_id})
            self.view.delegate.forget(message_id)
            self.model.replace(message)

    def open_reader(self, message_id: int) -> QDialog:
        """A reader window for one whole message (long replies are capped in the list)."""
        message = self.store.message(message_id)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Reply"))
        dialog.resize(820, 700)
        browser = QTextBrowser(dialog)
        browser.setOpenExternalLinks(False)
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(lambda url: self._anchor(message_id, url.toString()))
        browser.setHtml(self.view.delegate.renderer.render(message.content).html)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _confirm_delete_message(self, message_id: int) -> None:
        confirm(
            self,
            self.tr("Delete message"),
            self.tr("Delete this message and everything after it on this branch?"),
            self.tr("Delete"),
            lambda: self.delete_message(message_id),
        )

    def delete_message(self, message_id: int) -> None:
        self.store.delete_message(message_id)
        self.reload_thread()

    # settings ------------------------------------------------------------------------------------

    def _save_settings(self, settings: dict[str, Any]) -> None:
        if self.conversation_id is not None:
            self.store.update_settings(self.conversation_id, settings)

    def _save_mode(self, mode: str) -> None:
        if self.conversation_id is not None:
            self.store.set_mode(self.conversation_id, mode)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("panel", self.panel.isVisibleTo(self))

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("splitter")
        if state is not None:
            self.splitter.restoreState(state)
        if str(settings.value("panel", "true")).lower() == "false":
            self.panel_action.setChecked(False)
