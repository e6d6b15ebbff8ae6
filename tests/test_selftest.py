"""`studio --selftest`, run as a user (or packaging/build.sh) runs it: a separate process, its output read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STEPS = (
    "imports",
    "translations and icon",
    "key store",
    "simulator",
    "streamed chat",
    "task into the library",
    "upload with progress",
    "main window",
)


def run_selftest(tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "UNIAPI_API_KEY")}
    env["STUDIO_HOME"] = str(tmp_path / "the-users-home")  # where the user's own data would be
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "studio", "--selftest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )


def test_selftest_passes_every_step_without_a_display_and_leaves_the_users_data_alone(tmp_path: Path) -> None:
    done = run_selftest(tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for step in STEPS:
        assert any(line.startswith(f"ok    {step}: ") for line in lines), (step, done.stdout)
    assert lines[-1] == "self-test passed"
    assert "visited 8 parts (Chat, Audio, Images, Music, Video, Library, Tools, Tasks)" in done.stdout
    assert "1 picture(s) in the library" in done.stdout
    assert done.stderr == ""  # Qt's notes and the keyring fallback warning are not failures
    assert not (tmp_path / "the-users-home").exists()  # it ran in a temporary folder of its own


def test_a_missing_piece_fails_its_steps_with_one_sentence_each_and_no_traceback(tmp_path: Path) -> None:
    # A bundle built without uvicorn: the simulator cannot load, so nothing that needs it can run.
    shadow = tmp_path / "shadow" / "uvicorn"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("uvicorn is missing from this build")\n')

    done = run_selftest(tmp_path, PYTHONPATH=str(shadow.parent))

    assert done.returncode == 1
    sentences = done.stderr.splitlines()
    assert "Traceback" not in done.stderr
    assert [s.split(":")[0] for s in sentences] == [
        "imports",
        "simulator",
        "streamed chat",
        "task into the library",
        "upload with progress",
        "main window",  # the window's demo connection starts the same simulator, and says so
    ]
    assert all(s.endswith(".") and s.count("\n") == 0 for s in sentences)
    assert "studio.simulator.server (ImportError: uvicorn is missing from this build)" in sentences[0]
    assert sentences[1] == "simulator: the built-in simulator does not load (ImportError: uvicorn is missing from this build)."
    assert sentences[2] == "streamed chat: not tried, because the simulator did not start."
    assert "ok    key store: " in done.stdout  # steps that do not need it still run and pass
    assert done.stdout.splitlines()[-1] == "self-test failed: 6 step(s)"
