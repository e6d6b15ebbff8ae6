"""The first start on a fresh Linux machine: a missing X11 library or display is one sentence, not Qt's abort."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studio.app import X11_LIBRARIES, missing_packages, uses_x11

README = Path(__file__).parent.parent / "README.md"
BARE_QT = "from PySide6.QtWidgets import QApplication; QApplication([])"


def start(
    tmp_path: Path, *args: str, env_extra: dict[str, str], drop: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("UNIAPI_")}
    env.update({"STUDIO_HOME": str(tmp_path / "home"), **env_extra})
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)


def hiding(tmp_path: Path, *sonames: str) -> dict[str, str]:
    """An LD_LIBRARY_PATH that shadows each library with an empty file, as if its package were missing."""
    folder = tmp_path / "hidden-libraries"
    folder.mkdir()
    for soname in sonames:
        (folder / soname).write_bytes(b"")
    return {"LD_LIBRARY_PATH": str(folder), "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}


linux_with_x11_libraries = pytest.mark.skipif(
    not sys.platform.startswith("linux") or bool(missing_packages()), reason="needs Linux with Qt's X11 libraries"
)


@linux_with_x11_libraries
def test_a_missing_x11_library_is_named_with_its_package_instead_of_qts_abort(tmp_path):
    env = hiding(tmp_path, "libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    bare = start(tmp_path, sys.executable, "-c", BARE_QT, env_extra=env)
    assert bare.returncode == -signal.SIGABRT and "xcb-cursor0" in bare.stderr, "the machine the issue describes"

    done = start(tmp_path, sys.executable, "-m", "studio", "--demo", env_extra=env)
    assert done.returncode == 1
    [sentence] = done.stderr.strip().splitlines()
    assert sentence.endswith("install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "xcb-cursor0" not in sentence and not (tmp_path / "home").exists(), "stopped before touching any data"


@linux_with_x11_libraries
def test_no_display_is_one_sentence_instead_of_qts_abort(tmp_path):
    done = start(
        tmp_path, sys.executable, "-m", "studio", "--demo", env_extra={"QT_QPA_PLATFORM": "xcb"}, drop=("DISPLAY",)
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "UniAPI Studio cannot open a window: it could not connect to an X display (DISPLAY is not set); "
        "start it from a desktop session, or run it headless with QT_QPA_PLATFORM=offscreen."
    ]


@linux_with_x11_libraries
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb")
def test_with_every_library_the_demo_opens_a_real_x11_window(tmp_path):
    done = start(
        tmp_path,
        "xvfb-run", "-a", sys.executable, "-m", "studio", "--demo",
        env_extra={"QT_QPA_PLATFORM": "xcb", "STUDIO_EXIT_WHEN_READY": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready ")


def test_the_check_names_only_the_packages_whose_library_cannot_load():
    present = "libc.so.6" if sys.platform.startswith("linux") else None
    table = {"libno-such-library.so.7": "libno-such-library7", "libalso-missing.so.1": "libalso-missing1"}
    if present:
        table[present] = "libc6"
    assert missing_packages(table) == ["libno-such-library7", "libalso-missing1"]


@pytest.mark.parametrize(
    ("env", "platform", "checked"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({}, "darwin", False),
    ],
)
def test_only_a_start_on_x11_is_checked(env, platform, checked):
    assert uses_x11(env, platform) is checked


def test_the_readmes_first_command_installs_every_package_the_check_can_name():
    first_block = re.search(r"## Two commands.*?```bash\n(.*?)\n```", README.read_text("utf-8"), re.S)
    assert first_block is not None
    command = first_block.group(1)
    assert command.startswith("sudo apt-get install") and command.endswith("studio --demo")
    installed = set(command.split("&&")[0].split())
    assert set(X11_LIBRARIES.values()) <= installed
