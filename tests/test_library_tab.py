"""The Library tab on a generated library of 20,000 assets (real small files), offline.

The window's profile points at a closed loopback port; once its own connection probe has failed, every
socket connect is recorded, and each test asserts that the tab opened none while it searched, filtered,
previewed, navigated lineage, dragged, imported, exported, trashed and checked.
"""

from __future__ import annotations

import shutil
import socket
import wave
from pathlib import Path

import pytest
from conftest import DATA, click_row, drop_files, type_text, until
from library_fixture import build_library
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QToolButton

from studio.core.library import AssetQuery
from studio.ui import audio, library, tasks
from studio.ui.library.library_model import ASSET_IDS_MIME, Column

COUNT = 20_000


class UrlRecorder(QObject):
    """Takes the file manager's place: records the folders the tab asks to show."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


class ClosedGateway:
    """Stands in for a simulator: a profile URL where nothing listens (no network for this tab)."""

    def __init__(self, url: str) -> None:
        self.base_url = url

    def reset(self) -> None:
        """Nothing to clear: no server runs."""


@pytest.fixture
def window_sim(closed_port_url):
    return ClosedGateway(closed_port_url)


@pytest.fixture
def window_tabs():
    return [library.SPEC, audio.SPEC, tasks.SPEC]


@pytest.fixture
def prepare_workspace():
    return lambda workspace: build_library(workspace.library, COUNT)


@pytest.fixture
def connects(monkeypatch):
    """Every socket connect from now on (after `start()`), by address."""
    seen: list[object] = []
    recording = {"on": False}
    original, original_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if recording["on"]:
            seen.append(address)
        return original(self, address)

    def connect_ex(self, address):
        if recording["on"]:
            seen.append(address)
        return original_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    seen_start = lambda: recording.update(on=True)  # noqa: E731
    return seen, seen_start


@pytest.fixture
def offline_tab(open_window, run_async, connects):
    """The window open on the Library tab, its connection probe over; connects recorded from here on."""
    seen, start_recording = connects
    window = open_window()
    run_async(until(lambda: "offline" in window.connection_label.text(), message="the probe never ended"))
    start_recording()
    tab = window.show_tab("library")
    yield window, tab
    run_async(until(lambda: not window.thumbnails._loading, message="thumbnails still loading"))
    assert seen == [], f"the Library tab opened sockets: {seen}"


def button(tab, action) -> QToolButton:
    """The tool button that shows `action`, to click it as a user does."""
    return next(b for b in tab.findChildren(QToolButton) if b.defaultAction() is action)


def undo(window) -> None:
    """Edit ▸ Undo."""
    next(a for a in window.edit_menu.actions() if a.text().startswith("Undo")).trigger()


def click_tile(qtbot, run_async, tab, row: int) -> None:
    """Click a tile once the grid has laid it out (it lays out a batch per event-loop turn)."""
    index = tab.model.index(row, Column.TITLE)
    run_async(until(lambda: tab.grid.visualRect(index).isValid(), message=f"tile {row} never laid out"))
    click_row(qtbot, tab.grid, index)


def grid_ids(tab, most: int = 50) -> list[int]:
    return tab.model.asset_ids()[:most]


def test_the_grid_shows_20000_assets_with_thumbnails_loaded_lazily(offline_tab, run_async):
    window, tab = offline_tab
    assert tab.model.rowCount() == COUNT and tab.pages.currentWidget() is tab.grid
    assert tab.count.text() == "20000 assets"
    first = tab.model.asset_ids()[0]
    run_async(until(lambda: window.thumbnails.has_pixmap(first), message="the first tile never got its picture"))
    last = tab.model.asset_ids()[-1]
    assert not window.thumbnails.has_pixmap(last), "tiles never drawn are not loaded"
    assert tab.model.asset_at(COUNT - 1).id == last
    assert len(tab.model._pages) <= 3, "only the pages drawn were read"


def test_search_as_you_type_filters_combine_and_sort(offline_tab, run_async, qtbot):
    window, tab = offline_tab
    type_text(qtbot, tab.search, "heron")
    assert tab.model.asset_ids() == [1234]
    tab.search.clear()
    type_text(qtbot, tab.search, "月光")
    assert tab.model.asset_ids() == [777]
    tab.search.clear()
    type_text(qtbot, tab.search, "otter")
    tab.kind.setCurrentIndex(tab.kind.findData("image"))
    qtbot.mouseClick(tab.favourites, Qt.MouseButton.LeftButton, pos=tab.favourites.rect().center())
    tab.tag.setCurrentIndex(tab.tag.findData("keep"))
    shown = tab.model.asset_ids()
    expected = window.workspace.library.find_ids(
        AssetQuery(text="otter", kinds=frozenset({"image"}), favourites_only=True, tag="keep")
    )
    assert shown == expected and 0 < len(shown) < 200
    for asset in window.workspace.library.get_many(shown).values():
        assert "otter" in asset.prompt and asset.kind == "image" and asset.favourite and "keep" in asset.tags
    tab.sort.setCurrentIndex(tab.sort.findData("oldest"))
    assert tab.model.asset_ids() == sorted(shown)
    tab.search.clear()
    type_text(qtbot, tab.search, "no such words anywhere")
    assert tab.pages.currentWidget() is tab.empty and "Nothing matches" in tab.empty.text()


def test_lineage_is_a_chain_you_click_through(offline_tab, run_async, qtbot):
    window, tab = offline_tab
    type_text(qtbot, tab.search, "chain of islands")
    assert sorted(tab.model.asset_ids()) == [10, 11, 12, 13]
    click_tile(qtbot, run_async, tab, tab.model.row_of(12))
    assert tab.detail.asset.id == 12
    steps = [(button.text(), button.property("asset_id"), button.isChecked()) for button in tab.detail.lineage_buttons]
    assert steps == [("imagine", 10, False), ("U2", 11, False), ("zoom", 12, True)], "imagine → U2 → zoom, at zoom"
    u2 = tab.detail.lineage_buttons[1]
    qtbot.mouseClick(u2, Qt.MouseButton.LeftButton)
    assert tab.detail.asset.id == 11 and tab.current_asset().id == 11, "the grid follows to the parent"
    children = [(b.text(), b.property("asset_id")) for b in tab.detail.lineage_buttons]
    assert children == [("imagine", 10), ("U2", 11), ("zoom", 12), ("V1", 13)], "then U2's children"
    window.workspace.library.set_tags(12, "final")
    tab.search.clear()
    tab.tag.setCurrentIndex(tab.tag.findData("final"))
    assert tab.model.asset_ids() == [12]
    click_tile(qtbot, run_async, tab, 0)
    qtbot.mouseClick(tab.detail.lineage_buttons[0], Qt.MouseButton.LeftButton)
    assert tab.current_asset().id == 10 and tab.tag.currentData() == "", "a step outside the filter clears it"


def test_drag_out_gives_file_urls_and_drop_in_imports_by_content(offline_tab, run_async, qtbot, tmp_path):
    window, tab = offline_tab
    lib = window.workspace.library
    click_tile(qtbot, run_async, tab, 0)
    rect = tab.grid.visualRect(tab.model.index(1, 0))
    qtbot.mouseClick(tab.grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center())
    chosen = tab.selected_ids()
    assert chosen == grid_ids(tab, 2)
    mime = tab.model.mimeData(tab.grid.selectionModel().selectedIndexes())
    paths = [Path(url.toLocalFile()) for url in mime.urls()]
    assert all(url.isLocalFile() for url in mime.urls()) and paths == [lib.get(i).path for i in chosen]
    assert all(path.exists() for path in paths) and bytes(mime.data(ASSET_IDS_MIME)).decode() == "20000,19999"

    song = tmp_path / "song.mp3"  # a WAV under an .mp3 name: the bytes decide
    with wave.open(str(song), "wb") as sink:
        sink.setnchannels(1), sink.setsampwidth(2), sink.setframerate(8000)
        sink.writeframes(b"\x00\x10" * 4000)
    picture = tmp_path / "cat.png"
    shutil.copyfile(DATA / "chelsea.png", picture)
    assert drop_files(tab.grid, [picture, song, paths[0]])
    run_async(until(lambda: lib.count() == COUNT + 2, message="the dropped files were not imported"))
    run_async(until(lambda: not tab.operations))
    newest = [lib.get(asset_id) for asset_id in tab.model.asset_ids()[:2]]
    assert sorted((a.title, a.kind, a.ext) for a in newest) == [("cat", "image", "png"), ("song", "audio", "wav")]
    assert tab.model.rowCount() == COUNT + 2, "the grid took the new rows from the change events"


def test_trash_restore_undo_and_empty_trash(offline_tab, run_async, qtbot):
    window, tab = offline_tab
    lib = window.workspace.library
    top = grid_ids(tab, 3)
    tab.select_ids(top)
    qtbot.mouseClick(button(tab, tab.trash_action), Qt.MouseButton.LeftButton)
    assert all(lib.get(i).trashed for i in top) and grid_ids(tab, 1) != top[:1]
    assert tab.model.rowCount() == COUNT - 3
    undo(window)
    assert not any(lib.get(i).trashed for i in top) and grid_ids(tab, 3) == top
    tab.select_ids(top[:2])
    qtbot.mouseClick(button(tab, tab.trash_action), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.trash_view, Qt.MouseButton.LeftButton, pos=tab.trash_view.rect().center())
    assert tab.model.asset_ids() == top[:2]
    tab.select_ids(top[:1])
    qtbot.mouseClick(button(tab, tab.restore_action), Qt.MouseButton.LeftButton)
    assert tab.model.asset_ids() == top[1:2] and not lib.get(top[0]).trashed
    qtbot.mouseClick(button(tab, tab.empty_trash_action), Qt.MouseButton.LeftButton)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Delete for good"), Qt.MouseButton.LeftButton)
    run_async(until(lambda: lib.count(trashed=True) == 0, message="the trash was not emptied"))
    run_async(until(lambda: not tab.operations))
    with pytest.raises(KeyError):
        lib.get(top[1])
    assert tab.pages.currentWidget() is tab.empty and tab.empty.text() == "The trash is empty."


def test_tags_and_notes_are_edited_with_undo(offline_tab, run_async, qtbot):
    window, tab = offline_tab
    lib = window.workspace.library
    click_tile(qtbot, run_async, tab, 0)
    asset_id = tab.detail.asset.id
    tab.detail.tags.selectAll()
    type_text(qtbot, tab.detail.tags, "poster, blue")
    qtbot.keyClick(tab.detail.tags, Qt.Key.Key_Return)
    assert lib.get(asset_id).tags == ["poster", "blue"]
    type_text(qtbot, tab.detail.notes, "print at A3")
    tab.search.setFocus()
    QApplication.processEvents()
    run_async(until(lambda: lib.get(asset_id).notes == "print at A3", message="notes were not saved on leaving"))
    tab.tag.setCurrentIndex(tab.tag.findData("poster"))
    assert tab.model.asset_ids() == [asset_id], "the new tag is a filter at once"
    undo(window)
    undo(window)
    assert lib.get(asset_id).notes == "" and lib.get(asset_id).tags != ["poster", "blue"]


def test_export_reveal_and_offers_only_tabs_that_exist(offline_tab, run_async, qtbot, tmp_path):
    window, tab = offline_tab
    lib = window.workspace.library
    type_text(qtbot, tab.search, "chain of islands")
    click_tile(qtbot, run_async, tab, tab.model.row_of(11))
    assert not tab.reuse_action.isEnabled(), "Midjourney results go back to the Images tab, which is not here"
    sendable = {action.text(): action.isEnabled() for action in tab.send_menu.actions()}
    assert sendable == {"Chat": False, "Audio": False, "Images": False, "Music": False, "Video": False, "Tools": False}, "only Audio is in this window, and it takes no images"
    tab.search.clear()
    tab.kind.setCurrentIndex(tab.kind.findData("audio"))
    click_tile(qtbot, run_async, tab, 0)
    assert {action.text(): action.isEnabled() for action in tab.send_menu.actions()}["Audio"]
    assert tab.pages.currentWidget() is tab.grid and tab.detail.preview.currentWidget() is tab.detail.media_page
    run_async(until(lambda: tab.detail.waveform.duration > 0, message="the waveform never showed"))
    tab.kind.setCurrentIndex(0)
    type_text(qtbot, tab.search, "chain of islands")
    click_tile(qtbot, run_async, tab, tab.model.row_of(11))
    run_async(until(lambda: not tab.detail.image.item.pixmap().isNull(), message="no image preview"))
    (tmp_path / "out").mkdir()
    qtbot.mouseClick(button(tab, tab.export_action), Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
    dialog.setDirectory(str(tmp_path))
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.clear()
    type_text(qtbot, name, "out")
    choose = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    run_async(until(lambda: (tmp_path / "out" / "Lighthouse 11.png.json").exists(), message="nothing exported"))
    assert (tmp_path / "out" / "Lighthouse 11.png").read_bytes() == lib.get(11).path.read_bytes()
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "open")
    try:
        qtbot.mouseClick(button(tab, tab.reveal_action), Qt.MouseButton.LeftButton)
        run_async(until(lambda: recorder.urls, message="no folder was shown"))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert (Path(recorder.urls[0].toLocalFile()) / "Lighthouse 11.png").exists()


def test_check_library_finds_a_corrupted_file_and_removes_orphans(offline_tab, run_async, qtbot):
    window, tab = offline_tab
    lib = window.workspace.library
    damaged = lib.get(20)
    damaged.path.write_bytes(b"not the picture any more")
    orphan = lib.file_path("cd" * 32, "png")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"nobody uses me")
    qtbot.mouseClick(button(tab, tab.check_action), Qt.MouseButton.LeftButton)
    run_async(until(lambda: tab.check_dialog is not None, timeout=20, message="no report"))
    dialog = tab.check_dialog
    assert [f.sha256 for f in dialog.report.damaged] == [damaged.sha256] and dialog.report.orphans == [orphan]
    assert "1 damaged" in dialog.summary.text()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    box = next(w for w in dialog.findChildren(QMessageBox) if w.isVisible())
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Remove"), Qt.MouseButton.LeftButton)
    run_async(until(lambda: not orphan.exists(), message="the orphan stayed"))
    run_async(until(lambda: not tab.operations))
    assert damaged.path.exists(), "a damaged file is reported, never deleted"
    dialog.close()


def snapshot_of(lib) -> list[tuple]:
    """Everything a person sees of each asset, with its parent by title (ids may change on restore)."""
    rows = lib.db.execute(
        "SELECT a.kind, a.title, a.prompt, a.tags, a.notes, a.favourite, a.trashed, a.sha256, a.parameters,"
        " a.created, p.title FROM assets a LEFT JOIN assets p ON p.id = a.parent_id ORDER BY a.created, a.title"
    )
    return [tuple(row) for row in rows]


def save_dialog_choose(qtbot, run_async, folder: Path, name: str, accept: QDialogButtonBox.StandardButton) -> None:
    """Answer the open file dialog as a user does: go to `folder`, type the name, press its button."""
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
    dialog.setDirectory(str(folder))
    dialog.activateWindow()  # the dialog takes the keyboard, as it does when it opens on a desktop
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    edit.setFocus()
    run_async(until(edit.hasFocus, message="the dialog never took the keyboard"))
    edit.clear()
    type_text(qtbot, edit, name)
    target = dialog.findChild(QDialogButtonBox).button(accept)
    run_async(until(target.isEnabled, message="the dialog never took the name"))  # it reads the folder first
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def test_back_up_wipe_and_restore_gives_the_same_assets(offline_tab, run_async, qtbot, tmp_path):
    window, tab = offline_tab
    lib = window.workspace.library
    lib.set_notes(12, "the zoom I liked")
    lib.trash(30)
    before = snapshot_of(lib)
    chain_before = [asset.title for asset in lib.lineage(12)]
    assert len(chain_before) == 3
    files_before = {path.name: path.read_bytes() for path in lib.root.rglob("*.*") if path.is_file() and path.parent != lib.incoming}

    said = []
    tab.status.connect(said.append)
    qtbot.mouseClick(button(tab, tab.backup_action), Qt.MouseButton.LeftButton)
    save_dialog_choose(qtbot, run_async, tmp_path, "my-library", QDialogButtonBox.StandardButton.Save)
    run_async(until(lambda: tab.last_backup is not None or not tab.operations, timeout=60), timeout=70)
    assert tab.last_backup is not None, said
    archive = tmp_path / "my-library.zip"
    assert tab.last_backup.path == archive and archive.exists() and not list(tmp_path.glob("*.partial"))
    assert tab.last_backup.assets == COUNT and tab.last_backup.files == len(files_before)

    # A disaster: every row and every file gone.
    with lib.db:
        lib.db.execute("DELETE FROM assets")
    shutil.rmtree(lib.root)
    tab.refresh()
    assert tab.model.rowCount() == 0

    qtbot.mouseClick(button(tab, tab.restore_backup_action), Qt.MouseButton.LeftButton)
    save_dialog_choose(qtbot, run_async, tmp_path, "my-library.zip", QDialogButtonBox.StandardButton.Open)
    run_async(until(lambda: tab.last_restore is not None, timeout=60, message="nothing was restored"), timeout=70)
    assert len(tab.last_restore.added) == COUNT and tab.last_restore.damaged == 0
    assert snapshot_of(lib) == before, "the same assets, settings, tags, notes, trash and lineage"
    files_after = {path.name: path.read_bytes() for path in lib.root.rglob("*.*") if path.is_file() and path.parent != lib.incoming}
    assert files_after == files_before
    run_async(until(lambda: tab.model.rowCount() == COUNT - 1, message="the grid did not fill again"))
    zoom = next(asset for asset in lib.assets(limit=COUNT) if asset.notes == "the zoom I liked")
    assert [asset.title for asset in lib.lineage(zoom.id)] == chain_before, "imagine → U2 → zoom, as before"

    # Restoring again adds nothing: it only brings back what is missing.
    tab.last_restore = None
    tab.restore_from(archive)
    run_async(until(lambda: tab.last_restore is not None, timeout=60), timeout=70)
    assert tab.last_restore.added == () and tab.last_restore.already == COUNT
    assert snapshot_of(lib) == before


def test_a_file_that_is_not_a_backup_is_refused_in_one_sentence_and_changes_nothing(
    offline_tab, run_async, qtbot, tmp_path
):
    window, tab = offline_tab
    lib = window.workspace.library
    before = snapshot_of(lib)
    fake = tmp_path / "holiday.zip"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    qtbot.mouseClick(button(tab, tab.restore_backup_action), Qt.MouseButton.LeftButton)
    save_dialog_choose(qtbot, run_async, tmp_path, "holiday.zip", QDialogButtonBox.StandardButton.Open)
    run_async(until(lambda: getattr(tab, "failure_box", None) is not None, message="no refusal shown"))
    assert tab.failure_box.text() == "holiday.zip is not a library backup made by UniAPI Studio."
    assert tab.failure_box.detailedText()
    assert snapshot_of(lib) == before and tab.restore_backup_action.isEnabled()
    tab.failure_box.close()
