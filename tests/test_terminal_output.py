"""Issue 10, item 10: escape codes a server sends never reach the terminal (unless `--raw` into a pipe)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

from attack_log import survived
from conftest import TEST_KEY
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.cli import main
from studio.cli.terminal import SafeStream

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b6n\r\u202e"
"""Retitle the window, clear the screen, go red, ask for the cursor (C1 CSI), return, flip the text."""


def sent_back(text: str) -> bool:
    return any(code in text for code in ("\x1b", "\x07", "\x9b", "\r", "\u202e"))


def test_a_failure_reason_with_escape_codes_is_printed_without_them(task_sim, studio_home, capsys):
    prompt = "doomed [[fail:\x1b[2J\x1b[31mthe disk is on fire\x1b[0m\x07]]"
    code = main(["--base-url", task_sim.base_url, "--api-key", TEST_KEY, "luma", prompt, "--poll-interval", "0.1"])
    err = capsys.readouterr().err
    assert code == 3 and "the disk is on fire" in err and not sent_back(err)
    survived("hostile", "escape codes in a task's fail_reason", "stripped before printing")


def test_a_chat_reply_is_stripped_and_raw_keeps_it_only_for_a_pipe(sim, studio_home, capsys):
    base = ["--base-url", sim.base_url, "--api-key", TEST_KEY]
    assert main([*base, "chat", f"repeat {ESCAPES}after me", "--no-stream"]) == 0
    shown = capsys.readouterr().out
    assert "after me" in shown and not sent_back(shown)
    assert main([*base, "--raw", "chat", f"repeat {ESCAPES}after me", "--no-stream"]) == 0
    assert "\x1b[31m" in capsys.readouterr().out, "--raw into a pipe keeps the bytes as they came"
    survived("hostile", "escape codes in a chat reply", "stripped; --raw only into a pipe")


def test_raw_is_refused_when_stdout_is_a_terminal(sim, tmp_path):
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["STUDIO_HOME"] = str(tmp_path)
    command = [sys.executable, "-m", "studio.cli", "--base-url", sim.base_url, "--api-key", TEST_KEY, "--raw"]
    child = subprocess.Popen(
        [*command, "chat", f"repeat {ESCAPES}after me", "--no-stream"], stdout=terminal, stderr=subprocess.PIPE
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert child.wait(30) == 0
    text = shown.decode("utf-8", "replace").replace("\r\n", "\n")  # the terminal itself turns \n into \r\n
    assert "after me" in text and not sent_back(text)
    survived("hostile", "--raw with stdout on a terminal", "still stripped")


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(st.text(max_size=12), min_size=2, max_size=6), data=st.data())
def test_the_key_and_escapes_never_get_through_however_the_text_is_cut(pieces, data):
    key = "sk-live-0123456789abcdef"
    text = key.join(pieces) + "\x1b[31m"
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=10)))
    sink = io.StringIO()
    stream = SafeStream(sink, key)
    start = 0
    for cut in [*cuts, len(text)]:
        stream.write(text[start:cut])
        start = cut
    stream.finish()
    assert key not in sink.getvalue() and "\x1b" not in sink.getvalue()
    assert sink.getvalue().count("***") >= len(pieces) - 1, "every copy of the key was replaced, none dropped"
