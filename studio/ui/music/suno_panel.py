"""The Suno form: three modes on one form (Inspiration, Custom, Continue), each turned into a job request.

The form never waits for a job: after Create it stays as it is, ready for the next idea.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...api.sentences import QT_TRANSLATE_NOOP
from ...api.suno import SunoMusicRequest
from ...core.audio import ANALYSIS_RATE, decode_mono
from ...core.library import Asset, Library
from ...core.music import (
    STYLE_SUGGESTIONS,
    SUNO_MODELS,
    MusicInputError,
    can_make_whole_song,
    clip_id_of,
    continuation_request,
)
from ...qt.operation import Operation
from ...qt.task_bridge import JobRequest
from ..widgets.asset_model import ASSET_ROLE, AssetListModel
from ..widgets.media_player import clock
from ..widgets.waveform import Waveform
from .lyrics_editor import LyricsEditor, TagCompleter

INSPIRATION, CUSTOM, CONTINUE = range(3)
DEFAULT_MODEL = "chirp-v4"

Index = QModelIndex | QPersistentModelIndex


class ClipChoices(QIdentityProxyModel):
    """Suno songs to continue, each named with its length and clip id (a song's two clips share a title)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            song: Asset | None = super().data(index, ASSET_ROLE)
            if song is not None:
                length = clock(round(song.duration)) if song.duration else "?"
                title = song.title or self.tr("Untitled")
                return f"{title} · {length} · {(clip_id_of(song) or '')[:8]}"
        return super().data(index, role)


class SunoPanel(QWidget):
    modeChanged = Signal(int)

    def __init__(self, library: Library, suno_songs: AssetListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.samples: np.ndarray | None = None
        self._wave: Operation[tuple[np.ndarray, float | None]] | None = None
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        modes.setSpacing(0)
        for mode, label in (
            (INSPIRATION, self.tr("Inspiration")),
            (CUSTOM, self.tr("Custom")),
            (CONTINUE, self.tr("Continue")),
        ):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(mode == INSPIRATION)
            self.mode_buttons.addButton(button, mode)
            modes.addWidget(button)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(SUNO_MODELS)
        self.model.setCurrentText(DEFAULT_MODEL)
        self.model.setToolTip(self.tr("Suno's model version (mv); type another if your gateway has it"))
        self.instrumental = QCheckBox(self.tr("Instrumental (no vocals)"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._inspiration_page())
        self.pages.addWidget(self._custom_page())
        self.pages.addWidget(self._continue_page(suno_songs))
        self.create_button = QPushButton(self.tr("Create song"))
        self.create_button.setDefault(True)
        common = QFormLayout()
        common.addRow(self.tr("Model"), self.model)
        common.addRow("", self.instrumental)
        layout = QVBoxLayout(self)
        layout.addLayout(modes)
        layout.addWidget(self.pages, 1)
        layout.addLayout(common)
        layout.addWidget(self.create_button)
        self.mode_buttons.idClicked.connect(self.set_mode)

    # --- pages ------------------------------------------------------------------------------------

    def _inspiration_page(self) -> QWidget:
        page = QWidget()
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            self.tr(
                "Describe the song: what it is about, its mood, its style. Suno writes the lyrics, title and style."
            )
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Song description")))
        layout.addWidget(self.description, 1)
        return page

    def _custom_page(self) -> QWidget:
        page = QWidget()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Song title"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Style, e.g. folk, sea shanty, male vocals"))
        self.tag_completer = TagCompleter(STYLE_SUGGESTIONS, self.tags)
        self.lyrics = LyricsEditor(self.tr("[Verse]\nYour words here…\n\n[Chorus]\n…"))
        self.lyrics_idea = QLineEdit()
        self.lyrics_idea.setPlaceholderText(self.tr("What the lyrics should be about"))
        self.write_lyrics_button = QPushButton(self.tr("Write lyrics for me"))
        idea = QHBoxLayout()
        idea.addWidget(self.lyrics_idea, 1)
        idea.addWidget(self.write_lyrics_button)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Style"), self.tags)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Lyrics")))
        layout.addWidget(self.lyrics, 1)
        layout.addLayout(idea)
        return page

    def _continue_page(self, suno_songs: AssetListModel) -> QWidget:
        page = QWidget()
        self.clip_choices = ClipChoices(self)
        self.clip_choices.setSourceModel(suno_songs)
        self.clip = QComboBox()
        self.clip.setModel(self.clip_choices)
        self.clip.setPlaceholderText(self.tr("No Suno song in the library yet"))
        self.clip_wave = Waveform(empty_text=self.tr("Pick a song, then click where the new part starts"))
        self.clip_wave.plot.setMinimumHeight(90)
        self.continue_at = QDoubleSpinBox()
        self.continue_at.setDecimals(1)
        self.continue_at.setSuffix(self.tr(" s"))
        self.continue_at.setRange(0.0, 0.0)
        self.continue_tags = QLineEdit()
        self.continue_tags.setPlaceholderText(self.tr("Style of the new part (empty: the song's)"))
        self.continue_completer = TagCompleter(STYLE_SUGGESTIONS, self.continue_tags)
        self.continue_title = QLineEdit()
        self.continue_title.setPlaceholderText(self.tr("Title (empty: the song's)"))
        self.continue_lyrics = LyricsEditor(self.tr("Lyrics of the new part"))
        self.whole_song_button = QPushButton(self.tr("Make whole song"))
        self.whole_song_button.setToolTip(self.tr("Join this continuation and what it continues into one track"))
        self.whole_song_button.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("Song"), self.clip)
        form.addRow(self.tr("Continue from"), self.continue_at)
        form.addRow(self.tr("Style"), self.continue_tags)
        form.addRow(self.tr("Title"), self.continue_title)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.clip_wave)
        layout.addWidget(self.continue_lyrics, 1)
        layout.addWidget(self.whole_song_button)
        self.clip.currentIndexChanged.connect(self._clip_picked)
        self.clip_wave.seekRequested.connect(self.continue_at.setValue)
        self.continue_at.valueChanged.connect(self.clip_wave.set_playhead)
        suno_songs.rowsInserted.connect(self._songs_arrived)
        return page

    # --- state ------------------------------------------------------------------------------------

    def mode(self) -> int:
        return self.pages.currentIndex()

    def set_mode(self, mode: int) -> None:
        self.mode_buttons.button(mode).setChecked(True)
        self.pages.setCurrentIndex(mode)
        self.modeChanged.emit(mode)

    def picked_clip(self) -> Asset | None:
        song: Asset | None = self.clip.currentData(ASSET_ROLE)
        return song

    def pick_clip(self, song_id: int, at: float | None = None) -> bool:
        for row in range(self.clip.count()):
            picked: Asset | None = self.clip.itemData(row, ASSET_ROLE)
            if picked is not None and picked.id == song_id:
                self.clip.setCurrentIndex(row)
                if at is not None:
                    self.continue_at.setValue(at)
                return True
        return False

    def _songs_arrived(self, *_: object) -> None:
        if self.clip.currentIndex() < 0 and self.clip.count():
            self.clip.setCurrentIndex(0)

    def _clip_picked(self, _row: int) -> None:
        song = self.picked_clip()
        self.whole_song_button.setEnabled(song is not None and can_make_whole_song(song))
        self.clip_wave.clear()
        self.samples = None
        if song is None or song.path is None:
            self.continue_at.setRange(0.0, 0.0)
            return
        end = song.duration or 0.0
        self.continue_at.setRange(0.1 if end else 0.0, end)
        self.continue_at.setValue(round(end * 0.75, 1))
        if self._wave is not None:
            self._wave.cancel()
        path = song.path
        self._wave = (
            Operation.in_thread(self, lambda _progress: decode_mono(path))
            .success(lambda decoded, song_id=song.id: self._show_wave(song_id, decoded[0]))
            .failure(lambda _error: self.clip_wave.clear())
            .run()
        )

    def _show_wave(self, song_id: int, samples: np.ndarray) -> None:
        picked = self.picked_clip()
        if picked is None or picked.id != song_id:
            return
        self.samples = samples
        self.clip_wave.set_samples(samples, ANALYSIS_RATE)
        self.clip_wave.set_playhead(self.continue_at.value())

    def stop(self) -> None:
        if self._wave is not None:
            self._wave.cancel()

    # --- requests ---------------------------------------------------------------------------------

    def job_request(self) -> JobRequest:
        """What Create sends in the current mode; raises an InputError for what cannot be sent."""
        mv = self.model.currentText().strip() or None
        instrumental = self.instrumental.isChecked()
        mode = self.mode()
        if mode == INSPIRATION:
            request = SunoMusicRequest.inspiration(
                self.description.toPlainText().strip(), instrumental=instrumental, mv=mv
            )
        elif mode == CUSTOM:
            request = SunoMusicRequest.custom(
                self.lyrics.text().strip(),
                title=self.title.text().strip(),
                tags=self.tags.text().strip(),
                instrumental=instrumental,
                mv=mv,
            )
        else:
            song = self.picked_clip()
            if song is None:
                raise MusicInputError(QT_TRANSLATE_NOOP("ApiMessages", "Pick the song to continue first."))
            request = continuation_request(
                self.library,
                song,
                self.continue_at.value(),
                lyrics=self.continue_lyrics.text(),
                tags=self.continue_tags.text(),
                title=self.continue_title.text(),
                mv=mv,
                instrumental=instrumental,
            )
        return JobRequest("suno", "music", {"body": request.body()})

    def apply(self, body: dict[str, Any], continued: Asset | None = None) -> None:
        """Fill the form from a request sent before (Reuse settings)."""
        self.model.setCurrentText(str(body.get("mv") or DEFAULT_MODEL))
        self.instrumental.setChecked(bool(body.get("make_instrumental")))
        if body.get("continue_clip_id"):
            self.set_mode(CONTINUE)
            if continued is not None:
                self.pick_clip(continued.id, float(body.get("continue_at") or 0))
            self.continue_lyrics.set_text(str(body.get("prompt") or ""))
            self.continue_tags.setText(str(body.get("tags") or ""))
            self.continue_title.setText(str(body.get("title") or ""))
        elif body.get("gpt_description_prompt"):
            self.set_mode(INSPIRATION)
            self.description.setPlainText(str(body["gpt_description_prompt"]))
        else:
            self.set_mode(CUSTOM)
            self.lyrics.set_text(str(body.get("prompt") or ""))
            self.title.setText(str(body.get("title") or ""))
            self.tags.setText(str(body.get("tags") or ""))
