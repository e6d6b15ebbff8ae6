"""Render the main window's Video tab offscreen, in English and Chinese, into screenshots/.

    .venv/bin/python packaging/video_screenshots.py [--out screenshots] [--lang en zh_CN]

States: the empty tab; the Luma form with a start and an end frame while a job runs; a finished video in
the player with a grabbed frame and its Send to row; the grid of recent videos; extending a video; the
Veo form with extra JSON and a failed job. Runs against an in-process simulator in a temp data folder;
nothing touches the user's own settings.
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


from music_screenshots import jobs_ended, until  # noqa: E402
from screenshots import MemoryKeyring, render_languages, save, workspace_in  # noqa: E402

from studio.core.tasks import JobState, PollTiming  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402
from studio.ui.main_window import MainWindow  # noqa: E402

CAT = ROOT / "tests" / "data" / "chelsea.png"
ROCKET = ROOT / "tests" / "data" / "rocket.jpg"
PROMPTS = {
    "en": (
        "a cat looks up as a rocket lifts off behind it, slow dolly in",
        "the rocket climbs into the clouds",
        "waves rolling onto a beach at dawn",
    ),
    "zh_CN": ("一只猫抬头，身后火箭升空，镜头缓慢推进", "火箭冲入云层", "黎明时分海浪涌上沙滩"),
}


async def render(out: Path, language: str, sim: SimulatorServer, home: Path) -> None:
    workspace = workspace_in(home, sim.base_url, keyring=MemoryKeyring)
    workspace.task_timing = PollTiming.every(0.2)
    window = MainWindow(workspace)
    window.resize(1400, 1000)
    window.show()
    tab = window.show_tab("video")
    first, extension, veo_prompt = PROMPTS[language]
    await save(window, out, f"video-empty-{language}.png")

    tab.luma.prompt.setPlainText(first + " [[task-seconds:20]]")
    tab.luma.start_frame.set_path(CAT)
    tab.luma.end_frame.set_path(ROCKET)
    tab.luma.generate_button.click()
    await until(lambda: any(row.state is JobState.RUNNING for row in window.jobs.rows()))
    await asyncio.sleep(1.0)
    tab.luma.prompt.setPlainText(first)
    await save(window, out, f"video-luma-running-{language}.png")
    for row in window.jobs.rows():
        window.tasks.cancel(row.id)
    await until(lambda: jobs_ended(window))

    tab.luma.start_frame.set_path(None)
    tab.luma.end_frame.set_path(None)
    tab.luma.prompt.setPlainText(first)
    tab.luma.generate_button.click()
    await until(lambda: tab.videos.rowCount() >= 1 and jobs_ended(window))
    await until(lambda: tab.current is not None and tab.player.player.duration() > 0)
    tab.player.player.play()
    await asyncio.sleep(1.2)
    tab.player.player.pause()
    tab.grab_frame()
    await until(lambda: tab.grabbed is not None)
    await save(window, out, f"video-player-{language}.png")

    tab.extend_button.click()
    tab.luma.prompt.setPlainText(extension)
    await save(window, out, f"video-extend-{language}.png")
    tab.luma.stop_extending()

    tab.services.setCurrentWidget(tab.veo)
    tab.veo.prompt.setPlainText(veo_prompt + " [[fail:the studio lights went out]] [[task-seconds:1]]")
    tab.veo.extra_json.setPlainText('{"enhance_prompt": true}')
    tab.veo.generate_button.click()
    await until(lambda: jobs_ended(window) and "#c62828" in tab.job_note.styleSheet())
    tab.veo.prompt.setPlainText(veo_prompt)
    await save(window, out, f"video-veo-failed-{language}.png")

    tab.player.stop()
    window.close()
    await workspace.aclose()


def main(argv: list[str] | None = None) -> int:
    return render_languages(__doc__, [render], argv, task_seconds=2.0)


if __name__ == "__main__":
    sys.exit(main())
