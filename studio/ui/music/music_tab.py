"""The Music tab: Suno and Udio forms on the left; the songs (being made, then kept) with a player,
the waveform and the lyrics on the right.

Every Create is one job through the window's task bridge; the songs list follows the jobs' updates
(a clip plays from its stream while Suno still makes it) and the library's change events (the stored
song takes the pending row's place, and the player moves to the file where it was).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QModelIndex, QPoint, QSettings, QSize, Qt, QUrl
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...core.audio import ANALYSIS_RATE, decode_mono
from ...core.events import AssetsChanged
from ...core.library import Asset
from ...core.music import (
    MUSIC_FAMILIES,
    PendingClip,
    can_make_whole_song,
    clip_id_of,
    continues,
    export_song,
    pending_clips,
    song_parts,
)
from ...core.tasks import JobState, JobUpdate
from ...qt.messages import translated
from ...qt.operation import Operation
from ...qt.task_bridge import JobRequest
from ..tab import StudioTab, TabContext
from ..widgets.asset_model import ASSET_ROLE, AssetListModel
from ..widgets.dialogs import pick_save_path
from ..widgets.image_viewer import ImageWindow
from ..widgets.media_player import MediaPlayer, clock
from ..widgets.paid_gate import before_paying, prompt_of
from ..widgets.prompt_menu import add_moderation_check
from ..widgets.waveform import Waveform
from .lineage_dialog import LineageDialog
from .song_model import PENDING_ROLE, PendingRow, SongDelegate, SongListModel
from .suno_panel import CONTINUE, SunoPanel
from .udio_panel import UdioPanel

COVER_SIZE = QSize(132, 132)
FINISHED_WITHOUT_ROWS = (JobState.DONE, JobState.CANCELLED)
ATTENTION = (JobState.FAILED, JobState.NEEDS_ATTENTION)


class MusicTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.library = context.workspace.library
        self.followed: dict[int, list[PendingRow]] = {}
        """Pending rows per music job this tab shows, newest job first when published."""
        self.lyrics_jobs: set[int] = set()
        self.covers: dict[int, int | None] = {}
        """Song id → its cover's asset id (None: it has none), read once per library change."""
        self.current: Asset | PendingRow | None = None
        self._wave: Operation[tuple[np.ndarray, float | None]] | None = None
        self._resume_at: tuple[float, bool] | None = None
        library_songs = AssetListModel(
            self.library, context.events, context.thumbnails, kinds={"audio"}, families=MUSIC_FAMILIES, parent=self
        )
        suno_songs = AssetListModel(
            self.library, context.events, context.thumbnails, kinds={"audio"}, families={"suno"}, parent=self
        )
        udio_songs = AssetListModel(
            self.library, context.events, context.thumbnails, kinds={"audio"}, families={"udio"}, parent=self
        )
        self.songs = SongListModel(library_songs, self)
        self.suno = SunoPanel(self.library, suno_songs)
        self.udio = UdioPanel(udio_songs)
        self._build()
        self._connect()
        self._seed_jobs()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.forms = QTabWidget()
        for panel, name in ((self.suno, "Suno"), (self.udio, "Udio")):
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(panel)
            self.forms.addTab(scroller, name)
        self.note = QLabel()
        self.note.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.forms, 1)
        left_layout.addWidget(self.note)

        self.song_list = QListView()
        self.song_list.setAccessibleName(self.tr("Songs"))
        self.song_list.setModel(self.songs)
        self.song_list.setItemDelegate(SongDelegate(self.cover_picture, self.song_list))
        self.song_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.song_list.setUniformItemSizes(True)
        self.song_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_songs = QLabel(self.tr("Your songs appear here: describe one on the left and press Create song."))
        self.empty_songs.setWordWrap(True)
        self.empty_songs.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_songs.setStyleSheet("color: palette(placeholder-text);")
        songs_box = QWidget()
        songs_layout = QVBoxLayout(songs_box)
        songs_layout.setContentsMargins(0, 0, 0, 0)
        songs_layout.addWidget(self.empty_songs)
        songs_layout.addWidget(self.song_list, 1)

        self.cover = QLabel()
        self.cover.setFixedSize(COVER_SIZE)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background: palette(alternate-base); border-radius: 4px; font-size: 40px;")
        self.song_title = QLabel(self.tr("Nothing playing"))
        font = self.song_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.song_title.setFont(font)
        self.song_title.setWordWrap(True)
        self.song_facts = QLabel()
        self.song_facts.setWordWrap(True)
        self.lineage = QLabel()
        self.lineage.setWordWrap(True)
        self.lineage.setStyleSheet("color: palette(placeholder-text);")
        heading = QVBoxLayout()
        heading.addWidget(self.song_title)
        heading.addWidget(self.song_facts)
        heading.addWidget(self.lineage)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.cover)
        top.addLayout(heading, 1)
        self.waveform = Waveform(empty_text=self.tr("Pick a song to see its waveform"))
        self.waveform.setMaximumHeight(170)
        self.player = MediaPlayer()
        self.lyrics_view = QPlainTextEdit()
        self.lyrics_view.setReadOnly(True)
        self.lyrics_view.setPlaceholderText(self.tr("The lyrics of the song appear here."))
        self.extend_button = QPushButton(self.tr("Extend from here"))
        self.reuse_button = QPushButton(self.tr("Reuse settings"))
        self.whole_button = QPushButton(self.tr("Make whole song"))
        self.lineage_button = QPushButton(self.tr("Lineage"))
        self.cover_button = QPushButton(self.tr("Cover"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        actions = QGridLayout()
        for position, button in enumerate(
            (
                self.extend_button,
                self.reuse_button,
                self.whole_button,
                self.lineage_button,
                self.cover_button,
                self.export_button,
                self.delete_button,
            )
        ):
            actions.addWidget(button, position // 4, position % 4)
        playing = QWidget()
        playing_layout = QVBoxLayout(playing)
        playing_layout.setContentsMargins(0, 0, 0, 0)
        playing_layout.addLayout(top)
        playing_layout.addWidget(self.waveform)
        playing_layout.addWidget(self.player)
        playing_layout.addLayout(actions)
        playing_layout.addStretch(1)
        self.song_split = QSplitter()
        self.song_split.addWidget(playing)
        self.song_split.addWidget(self.lyrics_view)
        self.song_split.setStretchFactor(0, 3)
        self.song_split.setStretchFactor(1, 2)

        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(songs_box)
        self.right_split.addWidget(self.song_split)
        self.right_split.setStretchFactor(0, 3)
        self.right_split.setStretchFactor(1, 2)
        self.outer = QSplitter()
        self.outer.addWidget(left)
        self.outer.addWidget(self.right_split)
        self.outer.setStretchFactor(0, 2)
        self.outer.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outer)
        self._update_empty()
        self._update_actions()

    def _connect(self) -> None:
        events = self.context.events
        events.jobUpdated.connect(self._job_updated)
        events.assetsChanged.connect(self._assets_changed)
        self.context.tasks.ready.connect(self._seed_jobs)
        self.context.thumbnails.loaded.connect(self._thumbnail_loaded)
        for box in (self.suno.description, self.udio.prompt):
            add_moderation_check(box, self.context.check_text)
        for form in (self.suno, self.udio):
            form.create_button.clicked.connect(
                lambda _checked=False, build=form.job_request: before_paying(
                    self, self.workspace, lambda: prompt_of(build()), lambda: self.create_song(build)
                )
            )
        self.suno.write_lyrics_button.clicked.connect(self.write_lyrics)
        self.suno.whole_song_button.clicked.connect(lambda: self.make_whole_song(self.suno.picked_clip()))
        self.song_list.selectionModel().currentChanged.connect(self._row_chosen)
        self.song_list.doubleClicked.connect(lambda _index: self.player.play())
        self.song_list.customContextMenuRequested.connect(self._context_menu)
        self.waveform.seekRequested.connect(self.player.seek)
        self.player.positionChanged.connect(self.waveform.set_playhead)
        self.songs.rowsInserted.connect(self._update_empty)
        self.songs.rowsRemoved.connect(self._update_empty)
        self.songs.modelReset.connect(self._update_empty)
        self.extend_button.clicked.connect(lambda: self.extend_from_here(self.current_song()))
        self.reuse_button.clicked.connect(lambda: self.reuse_settings(self.current_song()))
        self.whole_button.clicked.connect(lambda: self.make_whole_song(self.current_song()))
        self.lineage_button.clicked.connect(lambda: self.show_lineage(self.current_song()))
        self.cover_button.clicked.connect(lambda: self.open_cover(self.current_song()))
        self.export_button.clicked.connect(lambda: self.export(self.current_song()))
        self.delete_button.clicked.connect(lambda: self.delete(self.current_song()))

    # --- the tab contract -------------------------------------------------------------------------

    def stop(self) -> None:
        self.player.stop()
        self.suno.stop()
        if self._wave is not None:
            self._wave.cancel()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("outer", self.outer.saveState())
        settings.setValue("right", self.right_split.saveState())
        settings.setValue("song", self.song_split.saveState())
        settings.setValue("form", self.forms.currentIndex())
        settings.setValue("suno_mode", self.suno.mode())
        settings.setValue("suno_model", self.suno.model.currentText())
        settings.setValue("udio_model", self.udio.model.currentText())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("outer", self.outer), ("right", self.right_split), ("song", self.song_split)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        form = settings.value("form")
        if form is not None:
            self.forms.setCurrentIndex(int(form))
        mode = settings.value("suno_mode")
        if mode is not None and 0 <= int(mode) <= CONTINUE:
            self.suno.set_mode(int(mode))
        for key, combo in (("suno_model", self.suno.model), ("udio_model", self.udio.model)):
            value = settings.value(key)
            if isinstance(value, str) and value:
                combo.setCurrentText(value)

    # --- making songs -----------------------------------------------------------------------------

    def create_song(self, build: Callable[[], JobRequest]) -> int | None:
        """Send what the form says as a job; the form stays as it is for the next idea."""
        try:
            request = build()
            return self._submit(request, self.tr("Sent: the clips appear in the list as they are made."))
        except StudioError as error:
            self.note.setText(translated(error))
            return None

    def _submit(self, request: JobRequest, done: str) -> int | None:
        try:
            job_id = self.context.tasks.submit(request)
        except StudioError as error:
            self.note.setText(translated(error))
            return None
        self.note.setText(done)
        self.status.emit(done)
        return job_id

    def write_lyrics(self) -> int | None:
        suno = self.suno
        idea = suno.lyrics_idea.text().strip() or suno.title.text().strip() or suno.tags.text().strip()
        if not idea:
            self.note.setText(self.tr("Say what the lyrics should be about first."))
            return None
        job_id = self._submit(JobRequest("suno", "lyrics", {"prompt": idea}), self.tr("Suno is writing the lyrics…"))
        if job_id is not None:
            self.lyrics_jobs.add(job_id)
            suno.write_lyrics_button.setEnabled(False)
            suno.write_lyrics_button.setText(self.tr("Writing…"))
        return job_id

    def _lyrics_updated(self, update: JobUpdate) -> None:
        if not update.finished:
            return
        self.lyrics_jobs.discard(update.job_id)
        button = self.suno.write_lyrics_button
        button.setEnabled(True)
        button.setText(self.tr("Write lyrics for me"))
        texts = [self.library.get(asset_id) for asset_id in update.asset_ids]
        words = next((asset for asset in texts if asset.kind == "text" and asset.text), None)
        if update.state is not JobState.DONE or words is None:
            self.note.setText(translated(update.sentences) or self.tr("Suno wrote no lyrics."))
            return
        self.suno.lyrics.set_text(words.text)
        if not self.suno.title.text().strip() and words.title:
            self.suno.title.setText(words.title)
        done = self.tr("The lyrics are in the editor: change them as you like, then Create song.")
        self.note.setText(done)
        self.status.emit(done)

    def make_whole_song(self, song: Asset | None) -> int | None:
        if song is None or not can_make_whole_song(song):
            self.note.setText(self.tr("Only a continuation can be made into a whole song."))
            return None
        return self._submit(
            JobRequest("suno", "concat", {"clip_id": clip_id_of(song)}, title=song.title or None),
            self.tr("Joining the parts into one track…"),
        )

    # --- following jobs ---------------------------------------------------------------------------

    def _seed_jobs(self) -> None:
        """Show the music jobs still running (resumed after a restart, or started before the tab was built)."""
        for row in self.context.jobs.rows():
            if row.family in MUSIC_FAMILIES and row.kind != "lyrics" and row.active:
                self._follow(row.id, row.state, row.progress, "")

    def _job_updated(self, update: JobUpdate) -> None:
        if update.family not in MUSIC_FAMILIES:
            return
        if update.kind == "lyrics":
            if update.job_id in self.lyrics_jobs:
                self._lyrics_updated(update)
            return
        self._follow(update.job_id, update.state, update.progress, translated(update.sentences))

    def _follow(self, job_id: int, state: JobState, progress: float | None, reason: str) -> None:
        job = self.context.tasks.job(job_id)
        if job is None:
            return
        clips = pending_clips(job, self.workspace.gateway_url())
        if state in FINISHED_WITHOUT_ROWS:
            clips = [clip for clip in clips if clip.status == "error"]  # a failed clip keeps its reason
            if not clips:
                self.followed.pop(job_id, None)
                self._publish()
                return
        if not clips:
            clips = [PendingClip(job_id, "job", job.family, job.title, "queued")]
        shown_reason = reason if state in ATTENTION else ""
        self.followed[job_id] = [PendingRow(clip, state, progress, shown_reason) for clip in clips]
        self._publish()

    def _publish(self) -> None:
        stored = {clip_id_of(song) for song in self.songs.library_songs.assets()}
        rows = [
            row
            for job_id in sorted(self.followed, reverse=True)
            for row in self.followed[job_id]
            if row.clip.clip_id is None or row.clip.clip_id not in stored
        ]
        self.songs.pending.set_rows(rows)
        current = self.current
        if isinstance(current, PendingRow):
            fresh = next((row for row in rows if row.key == current.key), None)
            if fresh is not None:
                self._pending_changed(current, fresh)

    def _assets_changed(self, change: AssetsChanged) -> None:
        if change.added or change.trashed or change.removed or change.updated:
            self.covers.clear()
        current = self.current
        for asset_id in change.added:
            try:
                asset = self.library.get(asset_id)
            except KeyError:
                continue
            if (
                isinstance(current, PendingRow)
                and asset.kind == "audio"
                and current.clip.clip_id is not None
                and clip_id_of(asset) == current.clip.clip_id
            ):
                self._replace_stream(asset)  # before its pending row goes, so the selection moves with it
                self._publish()
                return
        self._publish()
        if isinstance(current, Asset) and (set(change.trashed) | set(change.removed)) & {current.id}:
            self._clear_player()
        elif isinstance(current, Asset) and change.added:
            self._show_parts(current)  # its cover or video may just have been stored
        self.song_list.viewport().update()

    def _thumbnail_loaded(self, asset_id: int) -> None:
        self.song_list.viewport().update()
        if isinstance(self.current, Asset) and self.covers.get(self.current.id) == asset_id:
            self._show_parts(self.current)

    def _update_empty(self, *_: object) -> None:
        self.empty_songs.setVisible(self.songs.rowCount() == 0)

    # --- covers -----------------------------------------------------------------------------------

    def cover_of(self, song: Asset) -> int | None:
        if song.id not in self.covers:
            cover = song_parts(self.library, song).cover
            self.covers[song.id] = cover.id if cover is not None else None
        return self.covers[song.id]

    def cover_picture(self, song: Asset) -> QPixmap | None:
        cover_id = self.cover_of(song)
        picture = self.context.thumbnails.picture(cover_id) if cover_id is not None else None
        return picture if isinstance(picture, QPixmap) else None

    # --- the player -------------------------------------------------------------------------------

    def current_song(self) -> Asset | None:
        return self.current if isinstance(self.current, Asset) else None

    def select_song(self, song_id: int) -> bool:
        row = self.songs.song_row(song_id)
        if row is None:
            return False
        self.song_list.setCurrentIndex(self.songs.index(row, 0))
        return True

    def _row_chosen(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        song: Asset | None = index.data(ASSET_ROLE)
        pending: PendingRow | None = index.data(PENDING_ROLE)
        if song is not None:
            self.show_song(song)
        elif pending is not None:
            self.show_pending(pending)

    def show_song(self, song: Asset, *, resume_at: tuple[float, bool] | None = None) -> None:
        self.current = song
        self._resume_at = resume_at
        self.player.set_source(song.path if song.path is not None else None)
        self.song_title.setText(song.title or self.tr("Untitled"))
        self.waveform.empty.setText(self.tr("Reading the waveform…"))
        self.lyrics_view.setPlainText(song.text)
        self._show_parts(song)
        self.waveform.clear()
        if self._wave is not None:
            self._wave.cancel()
        if song.path is not None:
            path = song.path
            self._wave = (
                Operation.in_thread(self, lambda _progress: decode_mono(path))
                .success(lambda decoded, song_id=song.id: self._show_wave(song_id, decoded[0]))
                .failure(lambda error: self.note.setText(translated(error)))
                .run()
            )
        if resume_at is not None:
            self.player.player.mediaStatusChanged.connect(self._resume_when_loaded)
        self._update_actions()

    def _resume_when_loaded(self, *_: object) -> None:
        """Go on from where the stream was, once the final file is loaded."""
        from PySide6.QtMultimedia import QMediaPlayer

        status = self.player.player.mediaStatus()
        if status not in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            return
        self.player.player.mediaStatusChanged.disconnect(self._resume_when_loaded)
        if self._resume_at is None:
            return
        position, playing = self._resume_at
        self._resume_at = None
        self.player.seek(position)
        if playing:
            self.player.play()

    def _show_wave(self, song_id: int, samples: np.ndarray) -> None:
        if isinstance(self.current, Asset) and self.current.id == song_id:
            self.waveform.set_samples(samples, ANALYSIS_RATE)

    def _show_parts(self, song: Asset) -> None:
        facts = [clock(round(song.duration)) if song.duration else "", song.model, ", ".join(song.tags)]
        self.song_facts.setText(" · ".join(fact for fact in facts if fact))
        picture = self.cover_picture(song)
        if picture is not None:
            self.cover.setPixmap(
                picture.scaled(
                    COVER_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        else:
            self.cover.clear()
            self.cover.setText("♪")
        self.lineage.setText(self._lineage_text(song))
        self._update_actions()

    def _lineage_text(self, song: Asset) -> str:
        lines = []
        before = continues(self.library, song)
        if before:
            lines.append(self.tr("Continues “{title}”").format(title=before[-1].title or self.tr("Untitled")))
        after = song_parts(self.library, song).continued_by
        if after:
            lines.append(self.tr("Continued by {count} song(s)").format(count=len(after)))
        return " · ".join(lines)

    def show_pending(self, row: PendingRow) -> None:
        self.current = row
        self._resume_at = None
        self.song_title.setText(row.clip.title or self.tr("Untitled"))
        self.lyrics_view.setPlainText(row.clip.lyrics)
        self.cover.clear()
        self.cover.setText("♪")
        self.lineage.clear()
        self.waveform.clear()
        self.waveform.empty.setText(self.tr("The waveform appears once the song is saved."))
        self._pending_changed(row, row)

    def _pending_changed(self, before: PendingRow, row: PendingRow) -> None:
        self.current = row
        if row.failed:
            self.song_facts.setText(row.reason or row.clip.error or self.tr("It failed."))
            self.player.set_source(None)
        elif row.clip.stream_url:
            self.song_facts.setText(self.tr("Streaming while Suno makes it; the saved song takes its place."))
            if self.player.player.source() != QUrl(row.clip.stream_url):
                self.player.set_source(row.clip.stream_url)
        else:
            self.song_facts.setText(self.tr("Being made: it can be played once it streams or is saved."))
            self.player.set_source(None)
        if row.clip.lyrics != before.clip.lyrics:
            self.lyrics_view.setPlainText(row.clip.lyrics)
        self._update_actions()

    def _replace_stream(self, song: Asset) -> None:
        position = self.player.player.position() / 1000
        playing = self.player.playing
        self.show_song(song, resume_at=(position, playing))
        self.select_song(song.id)

    def _clear_player(self) -> None:
        self.current = None
        self.player.set_source(None)
        self.waveform.clear()
        self.song_title.setText(self.tr("Nothing playing"))
        self.song_facts.clear()
        self.lineage.clear()
        self.lyrics_view.clear()
        self.cover.clear()
        self._update_actions()

    def _update_actions(self) -> None:
        song = self.current_song()
        parts = song_parts(self.library, song) if song is not None else None
        self.extend_button.setEnabled(song is not None and song.family == "suno")
        self.reuse_button.setEnabled(song is not None)
        self.whole_button.setEnabled(song is not None and can_make_whole_song(song))
        self.lineage_button.setEnabled(song is not None)
        self.cover_button.setEnabled(parts is not None and parts.cover is not None)
        self.export_button.setEnabled(song is not None and song.path is not None)
        self.delete_button.setEnabled(song is not None)

    # --- song actions -----------------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        song: Asset | None = self.song_list.indexAt(position).data(ASSET_ROLE)
        if song is None:
            return
        self.menu_for(song).popup(self.song_list.viewport().mapToGlobal(position))

    def menu_for(self, song: Asset) -> QMenu:
        parts = song_parts(self.library, song)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        extend = menu.addAction(self.tr("Extend from here"), lambda: self.extend_from_here(song))
        extend.setEnabled(song.family == "suno")
        menu.addAction(self.tr("Reuse settings"), lambda: self.reuse_settings(song))
        whole = menu.addAction(self.tr("Make whole song"), lambda: self.make_whole_song(song))
        whole.setEnabled(can_make_whole_song(song))
        menu.addAction(self.tr("Show lineage"), lambda: self.show_lineage(song))
        menu.addSeparator()
        cover = menu.addAction(self.tr("Open cover image"), lambda: self.open_cover(song))
        cover.setEnabled(parts.cover is not None)
        video = menu.addAction(self.tr("Open video"), lambda: self.open_video(song))
        video.setEnabled(parts.video is not None)
        menu.addAction(self.tr("Export…"), lambda: self.export(song))
        menu.addSeparator()
        menu.addAction(self.tr("Delete (move to the trash)"), lambda: self.delete(song))
        return menu

    def extend_from_here(self, song: Asset | None) -> None:
        if song is None or song.family != "suno":
            return
        position = self.player.player.position() / 1000 if self.current_song() is song else 0.0
        self.forms.setCurrentIndex(0)
        self.suno.set_mode(CONTINUE)
        self.suno.pick_clip(song.id, position if position > 0 else None)
        self.note.setText(self.tr("Click on the waveform where the new part starts, then Create song."))

    def reuse_settings(self, song: Asset | None) -> None:
        if song is None:
            return
        job_id = song.parameters.get("job_id")
        job = self.context.tasks.job(int(job_id)) if isinstance(job_id, int) else None
        parameters = job.parameters if job is not None and job.kind == "music" else {}
        if song.family == "udio":
            self.forms.setCurrentIndex(1)
            self.udio.apply(parameters.get("gen_params") or {"prompt": song.prompt, "lyrics": song.text})
        else:
            body = parameters.get("body") or {
                "prompt": song.text,
                "title": song.title,
                "tags": ", ".join(song.tags),
            }
            parent = self.library.get(song.parent_id) if song.parent_id is not None else None
            self.forms.setCurrentIndex(0)
            self.suno.apply(body, continued=parent)
        self.note.setText(self.tr("The form holds that song's settings: change what you like, then Create song."))

    def show_lineage(self, song: Asset | None) -> LineageDialog | None:
        if song is None:
            return None
        dialog = LineageDialog(
            song,
            continues(self.library, song),
            list(song_parts(self.library, song).continued_by),
            self.select_song,
            self,
        )
        dialog.show()
        return dialog

    def open_cover(self, song: Asset | None) -> QWidget | None:
        cover = song_parts(self.library, song).cover if song is not None else None
        if song is None or cover is None or cover.path is None:
            return None
        window = ImageWindow(cover.path, song.title, self)
        window.show()
        return window

    def open_video(self, song: Asset | None) -> QWidget | None:
        video = song_parts(self.library, song).video if song is not None else None
        if song is None or video is None or video.path is None:
            return None
        from ..widgets.media_window import MediaWindow

        window = MediaWindow(video.path, song.title, video=True, parent=self)
        window.show()
        return window

    def export(self, song: Asset | None) -> None:
        if song is None or song.path is None:
            return
        name = re.sub(r"[^\w\- ]+", "", song.title).strip() or "song"
        pick_save_path(
            self,
            self.tr("Export song"),
            f"{name}.{song.ext}",
            lambda target: self.export_to(song, target),
        )

    def export_to(self, song: Asset, target: Path) -> None:
        (
            Operation.in_thread(self, lambda _progress: export_song(song, target))
            .success(lambda saved: self.status.emit(self.tr("Exported to {path}").format(path=saved)))
            .failure(lambda error: self.note.setText(translated(error)))
            .run()
        )

    def delete(self, song: Asset | None) -> None:
        if song is None:
            return
        parts = song_parts(self.library, song)
        ids = [song.id, *(part.id for part in (parts.cover, parts.video) if part is not None)]
        self.library.trash(*ids)
        self.status.emit(self.tr("Moved “{title}” to the trash.").format(title=song.title or self.tr("Untitled")))
