"""The Video tab: Luma and Veo forms on the left with this tab's jobs under them; on the right the player
(grab a frame and send it on) and the grid of recent videos from the library.

Every request goes through the window's task bridge (the job row is written first; progress, the
service's estimated wait and the result arrive as job updates); results reach the grid by the
library's change events. A finished video of a job started here loads into the player by itself
(unless the player is playing something).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...core.library import Asset
from ...core.tasks import JobState, JobUpdate
from ...core.video import VideoInfo, first_frame, import_video, probe_video, save_frame
from ...qt.messages import translated
from ...qt.operation import Operation
from ...qt.task_bridge import JobRequest
from ..tab import StudioTab, TabContext
from ..widgets.asset_model import ASSET_ROLE, AssetListModel
from ..widgets.drop_zone import DropZone, kind_of_path
from ..widgets.job_delegates import THUMB_SIZE, ProgressDelegate, ThumbnailDelegate
from ..widgets.job_model import Column, JobFilterProxy
from ..widgets.media_player import clock
from ..widgets.paid_gate import before_paying, prompt_of
from ..widgets.panes import scrolling, splitter, titled
from ..widgets.prompt_menu import add_moderation_check
from .luma_panel import LumaPanel
from .veo_panel import VeoPanel
from .video_grid import ScrubFrames, VideoGrid, qimage_of
from .video_player import VideoPlayer

FAMILIES = frozenset({"luma", "video"})
IMAGE_EDIT_TAB = "images"
MIDJOURNEY_TAB = "images:midjourney"


def png_bytes(image: QImage) -> bytes:
    """A QImage as PNG (QImage may be encoded off the UI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class VideoTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.started: set[int] = set()
        self.current: Asset | None = None
        self.grabbed: Asset | None = None
        self.operations: set[Operation[object]] = set()
        self._build()
        self._connect()
        self._show_transport(self.workspace.settings.data.frame_transport)

    # layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.luma = LumaPanel()
        self.veo = VeoPanel()
        self.services = QTabWidget()
        self.services.addTab(self.luma, "Luma")
        self.services.addTab(self.veo, "Veo")

        self.transport = QComboBox()
        self.transport.addItem(self.tr("inside the request (data URI)"), "data_uri")
        self.transport.addItem(self.tr("uploaded first, then sent as a link"), "upload")
        self.transport_hint = QLabel(
            self.tr(
                "Pictures from this computer travel inside the request; some gateways take only links, "
                "so uploading sends each picture to the gateway first (1 MB at most)."
            )
        )
        self.transport_hint.setWordWrap(True)
        self.transport_hint.setStyleSheet("color: palette(placeholder-text);")
        transport_row = QHBoxLayout()
        transport_row.addWidget(QLabel(self.tr("Local pictures are sent")))
        transport_row.addWidget(self.transport, 1)

        self.jobs = JobFilterProxy(self)
        self.jobs.setSourceModel(self.context.jobs)
        self.jobs.set_families(FAMILIES)
        self.job_view = QTableView()
        self.job_view.setAccessibleName(self.tr("Video jobs"))
        self.job_view.setModel(self.jobs)
        self.job_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.job_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.job_view.setShowGrid(False)
        self.job_view.setWordWrap(False)
        self.job_view.verticalHeader().hide()
        self.job_view.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
        self.job_view.setItemDelegateForColumn(Column.RESULT, ThumbnailDelegate(self.job_view))
        self.job_view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self.job_view))
        # The Tasks dock has every column; here the prompt takes the room and the latest job's details
        # show in one sentence under the list.
        self.job_view.setColumnHidden(Column.TIME, True)
        self.job_view.setColumnHidden(Column.DETAILS, True)
        self.job_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.job_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for column, width in (
            (Column.RESULT, THUMB_SIZE.width() + 8),
            (Column.SERVICE, 70),
            (Column.STATUS, 80),
            (Column.PROGRESS, 90),
        ):
            self.job_view.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.RESULT, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(Column.PROMPT, QHeaderView.ResizeMode.Stretch)
        self.job_note = QLabel()
        self.job_note.setWordWrap(True)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.addWidget(self.services)
        form_layout.addLayout(transport_row)
        form_layout.addWidget(self.transport_hint)
        jobs_box = titled(self.tr("Video jobs"), self.job_view, self.job_note, margins=(8, 0, 8, 4))
        self.left = splitter(Qt.Orientation.Vertical, (scrolling(form, 380), 3), (jobs_box, 1))

        self.now_playing = QLabel(self.tr("Nothing playing"))
        self.now_playing.setStyleSheet("font-weight: 600;")
        self.player = VideoPlayer()
        self.extend_button = QPushButton(self.tr("Extend with Luma…"))
        self.extend_button.setToolTip(self.tr("Continue this Luma video from its last frame"))
        self.extend_button.setEnabled(False)
        self.sent_label = QLabel()
        self.send_edit = QPushButton(self.tr("Image edit"))
        self.send_luma = QPushButton(self.tr("Luma start frame"))
        self.send_midjourney = QPushButton(self.tr("Midjourney"))
        self.send_row = QWidget()
        send_layout = QHBoxLayout(self.send_row)
        send_layout.setContentsMargins(0, 0, 0, 0)
        send_layout.addWidget(self.sent_label, 1)
        send_layout.addWidget(QLabel(self.tr("Send to:")))
        for button in (self.send_edit, self.send_luma, self.send_midjourney):
            send_layout.addWidget(button)
        self.send_row.hide()
        title_row = QHBoxLayout()
        title_row.addWidget(self.now_playing, 1)
        title_row.addWidget(self.extend_button)
        player_box = QWidget()
        player_layout = QVBoxLayout(player_box)
        player_layout.addLayout(title_row)
        player_layout.addWidget(self.player, 1)
        player_layout.addWidget(self.send_row)

        self.scrub_frames = ScrubFrames(self)
        self.videos = AssetListModel(
            self.workspace.library, self.context.events, self.context.thumbnails, kinds={"video"}, parent=self
        )
        self.grid = VideoGrid(self.scrub_frames)
        self.grid.setAccessibleName(self.tr("Recent videos"))
        self.grid.setModel(self.videos)
        self.grid.empty_text = self.tr("Videos you make or drop here appear in this grid. Hover a tile to scrub it.")
        grid_box = titled(self.tr("Recent videos"), self.grid, margins=(8, 0, 8, 4))
        self.right = splitter(Qt.Orientation.Vertical, (player_box, 3), (grid_box, 2))
        self.outer = splitter(Qt.Orientation.Horizontal, (self.left, 2), (self.right, 3))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outer)
        self.drops = DropZone(self.player, {"video"}, images=False, multiple=False)

    def _connect(self) -> None:
        for panel in (self.luma, self.veo):
            panel.generate_button.clicked.connect(lambda _checked=False, panel=panel: self._generate(panel))
        self.luma.refused.connect(self.status)
        self.veo.refused.connect(self.status)
        self.transport.currentIndexChanged.connect(lambda _index: self._transport_chosen())
        self.grid.clicked.connect(self._tile_clicked)
        self.grid.activated.connect(self._tile_clicked)
        self.extend_button.clicked.connect(self._extend_current)
        self.player.grabRequested.connect(self.grab_frame)
        self.send_edit.clicked.connect(lambda: self._send_frame(IMAGE_EDIT_TAB))
        self.send_midjourney.clicked.connect(lambda: self._send_frame(MIDJOURNEY_TAB))
        self.send_luma.clicked.connect(self._frame_to_luma)
        self.drops.filesDropped.connect(lambda paths: self.import_and_play(paths[0]))
        self.drops.refused.connect(self.status)
        self.context.events.jobUpdated.connect(self._job_updated)
        for box in (self.luma.prompt, self.veo.prompt):
            add_moderation_check(box, self.context.check_text)

    # the tab contract ----------------------------------------------------------------------------

    def stop(self) -> None:
        for operation in list(self.operations):
            operation.cancel()
        self.player.stop()

    def open_files(self, paths: list[Path]) -> bool:
        """Pictures become the Luma start frame (then the end frame); a video is taken in and played."""
        images = [path for path in paths if kind_of_path(path) == "image"]
        videos = [path for path in paths if kind_of_path(path) == "video"]
        for image in images[:2]:
            self.services.setCurrentWidget(self.luma)
            free_start = self.luma.start_frame.path is None and self.luma.extending is None
            (self.luma.start_frame if free_start else self.luma.end_frame).set_path(image)
        if videos:
            self.import_and_play(videos[0])
        return bool(images or videos)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("outer", self.outer.saveState())
        settings.setValue("left", self.left.saveState())
        settings.setValue("right", self.right.saveState())
        settings.setValue("service", self.services.currentIndex())
        settings.setValue("veo_models", self.veo.models())

    def restore_state(self, settings: QSettings) -> None:
        for key, split in (("outer", self.outer), ("left", self.left), ("right", self.right)):
            state = settings.value(key)
            if state is not None:
                split.restoreState(state)
        service = settings.value("service")
        if service is not None:
            self.services.setCurrentIndex(int(service))
        models = settings.value("veo_models")
        if isinstance(models, list):
            self.veo.add_models([str(name) for name in models])

    # running work ------------------------------------------------------------------------------

    def _run(self, operation: Operation[object]) -> None:
        """Start an operation this tab cancels when it stops."""
        self.operations.add(operation)
        operation.finished(lambda: self.operations.discard(operation)).run()

    # the frame setting -------------------------------------------------------------------------

    def _show_transport(self, value: str) -> None:
        self.transport.blockSignals(True)
        self.transport.setCurrentIndex(max(0, self.transport.findData(value)))
        self.transport.blockSignals(False)

    def _transport_chosen(self) -> None:
        settings = self.workspace.settings
        settings.data.frame_transport = self.transport.currentData()
        self._run(Operation.in_thread(self, lambda _progress: settings.save()))

    # submitting --------------------------------------------------------------------------------

    def _generate(self, panel: LumaPanel | VeoPanel) -> None:
        """The form's button: over budget or with a flagged prompt the user is asked first."""
        transport = self.transport.currentData()
        before_paying(self, self.workspace, lambda: prompt_of(panel.request(transport)), lambda: self.submit(panel))

    def submit(self, panel: LumaPanel | VeoPanel) -> int | None:
        """Send what the form describes as a job; returns its id (None when the form said what is wrong)."""
        request: JobRequest | None = panel.request(self.transport.currentData())
        if request is None:
            return None
        try:
            job_id = self.context.tasks.submit(request)
        except StudioError as error:
            panel.show_problem(translated(error))
            return None
        self.started.add(job_id)
        if panel is self.luma and self.luma.extending is not None:
            self.luma.stop_extending()
        self.status.emit(self.tr("Sent; the job's progress shows under the form."))
        return job_id

    def _job_updated(self, update: JobUpdate) -> None:
        if update.job_id not in self.started:
            return
        state = self.context.jobs.state_text(update.state)
        note = translated(update.sentences)
        self.job_note.setText(f"{update.title}: {state}" + (f" — {note}" if note else ""))
        self.job_note.setStyleSheet("color: #c62828;" if update.state is JobState.FAILED else "")
        # Updates are coalesced per frame, so the finished job's own list of results is what counts.
        if update.state is JobState.DONE and update.asset_ids and not self.player.controls.playing:
            self._play_id(update.asset_ids[0])

    # playing -----------------------------------------------------------------------------------

    def _tile_clicked(self, index: QModelIndex) -> None:
        asset: Asset | None = index.data(ASSET_ROLE)
        if asset is not None:
            self.play_asset(asset)

    def _play_id(self, asset_id: int) -> None:
        try:
            asset = self.workspace.library.get(asset_id)
        except KeyError:
            return
        if asset.kind == "video":
            self.play_asset(asset)

    def play_asset(self, asset: Asset) -> None:
        """Load a library video into the player (paused at its start, its first picture on screen) and probe
        its frame rate."""
        if asset.path is None:
            return
        self.current = asset
        path = asset.path
        self.now_playing.setText(asset.title or asset.prompt or path.name)
        self.now_playing.setToolTip(asset.prompt)
        self.player.set_source(path)
        self.extend_button.setEnabled(asset.family == "luma" and bool(asset.remote_id))

        def probe(_progress: object) -> tuple[VideoInfo, QImage]:
            return probe_video(path), qimage_of(first_frame(path))

        self._run(
            Operation.in_thread(self, probe)
            .success(lambda found: self.player.set_info(path, *found))
            .failure(lambda error: self.status.emit(translated(error)))
        )

    def import_and_play(self, path: Path) -> None:
        """A video from this computer: into the library (so frames grabbed from it keep their source), then play."""
        library = self.workspace.library
        self.status.emit(self.tr("Taking {name} into the library…").format(name=path.name))
        self._run(
            Operation(self, lambda _progress: import_video(library, path))
            .success(self.play_asset)
            .failure(lambda error: self.status.emit(translated(error)))
        )

    def _extend_current(self) -> None:
        if self.current is not None:
            self.services.setCurrentWidget(self.luma)
            self.luma.extend_from(self.current)

    # grabbing ----------------------------------------------------------------------------------

    def grab_frame(self) -> None:
        """The frame on screen as a PNG image asset whose parent is the video."""
        video = self.current
        image = self.player.screen.current_image()
        if video is None or image.isNull():
            self.status.emit(self.tr("Play the video first: there is no frame on screen to grab."))
            return
        position = self.player.player.position() / 1000
        title = self.tr("Frame at {time} of {title}").format(time=clock(position), title=video.title or video.id)
        library = self.workspace.library

        async def work(_progress: object) -> Asset:
            png = await asyncio.to_thread(png_bytes, image)
            return await save_frame(library, png, video, position, title)

        self.player.grab_button.setEnabled(False)
        self._run(
            Operation(self, work)
            .success(self._frame_saved)
            .failure(lambda error: self.status.emit(translated(error)))
            .finished(lambda: self.player.grab_button.setEnabled(self.player.source_path is not None))
        )

    def _frame_saved(self, frame: Asset) -> None:
        self.grabbed = frame
        self.sent_label.setText(
            self.tr("Frame saved ({width}×{height}).").format(width=frame.width, height=frame.height)
        )
        self.send_edit.setEnabled(self.context.has_tab(IMAGE_EDIT_TAB))
        self.send_midjourney.setEnabled(self.context.has_tab(MIDJOURNEY_TAB))
        for button in (self.send_edit, self.send_midjourney):
            button.setToolTip("" if button.isEnabled() else self.tr("That tab is not part of this version yet."))
        self.send_row.show()
        self.status.emit(self.tr("Saved the frame as an image in the library."))

    def _send_frame(self, key: str) -> None:
        path = self.grabbed.path if self.grabbed is not None else None
        if path is not None and not self.context.send_to(key, [path]):
            self.status.emit(self.tr("That tab did not take the picture."))

    def _frame_to_luma(self) -> None:
        if self.grabbed is None or self.grabbed.path is None:
            return
        self.luma.stop_extending()
        self.services.setCurrentWidget(self.luma)
        self.luma.start_frame.set_path(self.grabbed.path)
        self.status.emit(self.tr("The frame is the Luma start frame now."))
