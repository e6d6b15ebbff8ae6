"""Render the main window's Music tab offscreen, in English and Chinese, into screenshots/.

    .venv/bin/python packaging/music_screenshots.py [--out screenshots] [--lang en zh_CN]

States: each Suno mode (Inspiration, Custom with written lyrics, Continue with a song's waveform), the
songs view playing a song with its lyrics, a song streaming while it is made and a failed one, and the
Udio form. Runs against an in-process simulator in a temp data folder; nothing touches the user's own
settings.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))  # the shared helpers of screenshots.py
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshots import MemoryKeyring, render_languages, save, workspace_in  # noqa: E402

from studio.core.tasks import PollTiming  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402
from studio.ui.main_window import MainWindow  # noqa: E402

PROMPTS = {
    "en": ("a cheerful song about otters on a river", "the harbour at night", "Harbour Lights"),
    "zh_CN": ("一首关于江边水獭的欢快歌曲", "夜晚的港口", "港口灯火"),
}


async def until(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"waited {timeout}s for {predicate}")
        await asyncio.sleep(0.05)


def jobs_ended(window: MainWindow) -> bool:
    rows = window.jobs.rows()
    return bool(rows) and all(row.state.finished for row in rows)


async def render(out: Path, language: str, sim: SimulatorServer, home: Path) -> None:
    workspace = workspace_in(home, sim.base_url, keyring=MemoryKeyring)
    workspace.task_timing = PollTiming.every(0.2)
    window = MainWindow(workspace)
    window.resize(1400, 1000)
    window.show()
    tab = window.show_tab("music")
    description, idea, title = PROMPTS[language]
    await save(window, out, f"music-empty-{language}.png")
    tab.suno.description.setPlainText(description)
    tab.suno.create_button.click()
    await until(lambda: len(tab.songs.library_songs.assets()) >= 2 and jobs_ended(window))
    await until(lambda: all(tab.cover_picture(song) is not None for song in tab.songs.library_songs.assets()))
    await save(window, out, f"music-inspiration-{language}.png")

    tab.suno.set_mode(1)
    tab.suno.title.setText(title)
    tab.suno.tags.setText("folk, sea shanty, male vocals")
    tab.suno.lyrics_idea.setText(idea)
    tab.suno.write_lyrics_button.click()
    await until(lambda: bool(tab.suno.lyrics.text()))
    await save(window, out, f"music-custom-{language}.png")

    song = tab.songs.library_songs.assets()[0]
    tab.select_song(song.id)
    tab.player.play()
    await until(lambda: tab.player.player.duration() > 0 and tab.waveform.duration > 0)
    await asyncio.sleep(1.0)
    await save(window, out, f"music-playing-{language}.png")
    tab.player.pause()

    tab.extend_from_here(song)
    await until(lambda: tab.suno.samples is not None)
    tab.suno.continue_at.setValue(2.5)
    bridge = "水獭游向远方" if language == "zh_CN" else "and the otters swim on"
    tab.suno.continue_lyrics.set_text(f"[Bridge]\n{bridge}")
    await save(window, out, f"music-continue-{language}.png")

    tab.suno.set_mode(0)
    tab.suno.description.setPlainText(description + " [[task-seconds:20]]")
    tab.suno.create_button.click()
    tab.suno.description.setPlainText(description + " [[fail:the choir walked out]] [[task-seconds:1]]")
    tab.suno.create_button.click()

    def both() -> bool:
        rows = tab.songs.pending.rows()
        return any(row.clip.stream_url for row in rows) and any(row.failed for row in rows)

    await until(both)
    streaming = next(row for row in tab.songs.pending.rows() if row.clip.stream_url)
    tab.song_list.setCurrentIndex(tab.songs.index(tab.songs.pending_row(streaming.key), 0))
    await save(window, out, f"music-streaming-{language}.png")

    tab.forms.setCurrentIndex(1)
    tab.udio.prompt.setPlainText("late night jazz, warm saxophone" if language == "en" else "深夜爵士，温暖的萨克斯")
    tab.udio.lyrics.set_text("[Verse]\n" + ("neon on the rain" if language == "en" else "雨中的霓虹"))
    tab.udio.seed.setValue(42)
    tab.udio.prompt_strength.setValue(0.5)
    await save(window, out, f"music-udio-{language}.png")

    for row in window.jobs.rows():
        window.tasks.cancel(row.id)
    tab.player.stop()
    window.close()
    await workspace.aclose()


def main(argv: list[str] | None = None) -> int:
    return render_languages(__doc__, [render], argv, task_seconds=2.0)


if __name__ == "__main__":
    sys.exit(main())
