"""`studio-cli` as a user runs it: real simulator on loopback, real settings folder, every exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from attack_log import survived
from conftest import TEST_KEY, journal, queue_fault

from studio.cli import main
from studio.core.settings import KeyStore, Profile, Settings, StudioPaths

CHAT = "/v1/chat/completions"


@pytest.fixture
def cli(sim, studio_home, capsys):
    """Run `studio-cli --base-url SIM --api-key KEY ARGS...`; returns (exit code, stdout, stderr)."""

    def run(*args: str, key: str | None = TEST_KEY, base_url: str | None = None) -> tuple[int, str, str]:
        head = ["--base-url", base_url or sim.base_url]
        if key is not None:
            head += ["--api-key", key]
        code = main([*head, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_models_prints_one_id_per_line(cli):
    code, out, err = cli("models")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert "gpt-4o-mini" in lines and all(" " not in line for line in lines)


def test_balance_prints_dollars(cli):
    code, out, _ = cli("balance")
    assert code == 0 and out.startswith("balance: $")


def test_chat_streams_the_reply_to_stdout(cli, sim):
    code, out, err = cli("chat", "Tell me about otters", "--system", "Be brief", "--temperature", "0.3")
    assert code == 0 and "otters" in out and err == ""
    sent = journal(sim, CHAT)[-1]["body"]
    assert sent["stream"] is True and sent["temperature"] == 0.3
    assert sent["messages"][0] == {"role": "system", "content": "Be brief"}


def test_chat_no_stream_and_json(cli, sim):
    code, out, _ = cli("chat", "hello there", "--no-stream", "--max-tokens", "5")
    assert code == 0 and out.strip()
    assert journal(sim, CHAT)[-1]["body"]["stream"] is False
    assert journal(sim, CHAT)[-1]["body"]["max_tokens"] == 5
    code, out, _ = cli("--json", "chat", "hello json")
    body = json.loads(out)
    assert code == 0 and body["object"] == "chat.completion" and body["choices"][0]["message"]["content"]


def test_complete_and_respond_with_chained_turns(cli):
    code, out, _ = cli("complete", "Once upon a time", "--suffix", "The end.")
    assert code == 0 and out.strip()
    code, out, err = cli("respond", "My name is Ada.")
    assert code == 0 and out.strip()
    response_id = err.split("response id: ")[1].split()[0]
    assert response_id.startswith("resp_")
    code, out, err = cli("respond", "What is my name?", "--previous-response-id", response_id)
    assert code == 0 and "Ada" in out and "response id: resp_" in err


def test_embed_prints_one_vector_per_text(cli):
    code, out, _ = cli("embed", "red", "blue", "--dimensions", "8")
    vectors = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [len(v) for v in vectors] == [8, 8]


def test_moderate_reports_flagged_categories(cli):
    code, out, _ = cli("moderate", "I will kill them all")
    assert code == 0 and out.startswith("flagged:") and "violence" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["chat", "hi", "--temperature", "3"], "between 0 and 2"),
        (["chat", "   "], "prompt is empty"),
        (["chat", "hi", "--max-tokens", "0"], "at least 1"),
        (["embed", "x", "--dimensions", "-4"], "at least 1"),
        (["chat", "hi", "--temperature", "warm"], "invalid float value"),
        (["paint", "a cat"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_before_any_request(cli, sim, args, words):
    code, _out, err = cli(*args)
    assert code == 2 and words in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert journal(sim, CHAT) == []
    survived("input", f"studio-cli {' '.join(args)}", "exit 2 before any request")


def test_missing_key_and_bad_base_url_exit_2(cli):
    code, _, err = cli("models", key=None)
    assert code == 2 and "No API key" in err
    code, _, err = cli("models", base_url="ftp://example.com")
    assert code == 2 and "http://" in err


def test_wrong_key_exits_3_and_never_prints_the_key(cli):
    secret = "wrong-key-0123456789abcdef"
    code, out, err = cli("-v", "chat", "hello", key=secret)
    assert code == 3 and "API key was not accepted" in err and "HTTP 401" in err
    assert secret not in out + err


@pytest.mark.parametrize(("kind", "words"), [("429", "rate limiting"), ("500", "internal error"), ("403", "balance")])
def test_api_errors_exit_3_with_one_sentence(cli, sim, kind, words):
    queue_fault(sim, CHAT, kind, count=5, retry_after=0)
    code, out, err = cli("chat", "hello")
    assert code == 3 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert [line for line in lines if line.startswith("error:")] == lines[-1:] and words in lines[-1]
    assert all(line.startswith("note: ") for line in lines[:-1]), "only retry notes come before the error"
    survived("fault", f"{kind} on chat", "exit 3, one sentence")


def test_cut_stream_prints_what_arrived_then_exits_4(cli, sim):
    queue_fault(sim, CHAT, "cut", count=1)
    code, out, err = cli("chat", "a long tale [[tokens:80]]")
    assert code == 4 and out.strip(), "the partial reply is on stdout"
    assert "dropped before the reply was complete" in err
    survived("fault", "cut mid-stream on chat", "exit 4, the partial reply kept")


def test_error_inside_stream_exits_3_keeping_the_partial_text(cli, sim):
    queue_fault(sim, CHAT, "stream-error", count=1)
    code, out, err = cli("chat", "tell me a tale")
    assert code == 3 and out.strip() and "middle of the reply" in err
    survived("fault", "stream-error on chat", "exit 3, the partial reply kept")


def test_a_refused_connection_is_one_note_then_the_sentence_and_exit_4(cli, closed_port_url):
    code, out, err = cli("models", base_url=closed_port_url)
    assert code == 4 and out == ""
    note, sentence = err.strip().splitlines()
    assert note.startswith("note: ") and "(attempt 2)" in note
    assert sentence == "error: Could not connect to the gateway: nothing answers at that address and port; check the base URL."
    code, _, err = cli("-v", "models", base_url=closed_port_url)
    assert "Connection refused" in err or "Errno 111" in err, "-v shows what the operating system said"
    survived("fault", "gateway refusing connections", "exit 4, one sentence")


def test_key_and_url_from_the_environment(sim, studio_home, capsys, monkeypatch):
    monkeypatch.setenv("UNIAPI_BASE_URL", sim.base_url)
    monkeypatch.setenv("UNIAPI_API_KEY", TEST_KEY)
    assert main(["models"]) == 0
    assert "gpt-4o-mini" in capsys.readouterr().out


def test_key_and_url_from_the_active_profile(sim, studio_home, capsys):
    settings = Settings(StudioPaths.default(), KeyStore(StudioPaths.default().key_file, _no_keyring))
    settings.add_profile(Profile(name="Work", base_url=sim.base_url), api_key=TEST_KEY)
    assert main(["chat", "from my profile"]) == 0
    assert "from my profile" in capsys.readouterr().out


def _no_keyring():
    from keyring.backends.fail import Keyring

    return Keyring()


def _run_cli(*args: str, env_extra: dict[str, str] | None = None, home) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env.update({"STUDIO_HOME": str(home), **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_demo_mode_works_with_no_key_at_all(tmp_path):
    done = _run_cli("--demo", "chat", "hello from the demo", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "hello from the demo" in done.stdout and "Traceback" not in done.stderr


def test_same_flags_against_a_gateway_url_as_in_demo(simulator, tmp_path):
    done = _run_cli("--base-url", simulator.base_url, "--api-key", TEST_KEY, "--json", "models", home=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["object"] == "list"
    done = _run_cli("--base-url", simulator.base_url, "--api-key", "nope", "models", home=tmp_path)
    assert done.returncode == 3 and "Traceback" not in done.stderr and "nope" not in done.stderr
