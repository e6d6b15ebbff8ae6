"""The audio families on the command line: transcribe (or translate) a file, speak a text into a file."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..api.audio import GRANULARITIES, RESPONSE_FORMATS, SPEECH_FORMATS, TranscriptionRequest
from ..api.errors import ResultNotSavedError
from ..core.audio import AudioInputError, save_speech, speak, transcribe_file
from .session import CliSession, fail

DEFAULT_TRANSCRIPTION_MODEL = "whisper-1"
DEFAULT_SPEECH_MODEL = "gpt-4o-mini-tts"


def add_audio_commands(commands: argparse._SubParsersAction[Any]) -> None:
    transcribe = commands.add_parser("transcribe", help="transcribe (or translate) an audio or video file")
    transcribe.add_argument("file", help="audio or video file; over 25 MB it is re-encoded and split")
    transcribe.add_argument("--model", default=DEFAULT_TRANSCRIPTION_MODEL)
    transcribe.add_argument("--language", help="ISO-639-1 code of the spoken language, e.g. en, zh")
    transcribe.add_argument("--prompt", help="text to guide the style or spelling")
    transcribe.add_argument("--temperature", type=float)
    transcribe.add_argument("--format", default="text", choices=RESPONSE_FORMATS, dest="response_format")
    transcribe.add_argument("--timestamps", help="word,segment (needs --format verbose_json)")
    transcribe.add_argument("--translate", action="store_true", help="translate into English (whisper-1)")
    transcribe.add_argument("--stream", action="store_true", help="print the text as it arrives (gpt-4o-*)")

    speak_cmd = commands.add_parser("speak", help="text to speech, written to a file")
    speak_cmd.add_argument("text", help="the text ('-' reads standard input)")
    speak_cmd.add_argument("--out-file", required=True, help="where the audio goes")
    speak_cmd.add_argument("--voice", default="alloy")
    speak_cmd.add_argument("--model", default=DEFAULT_SPEECH_MODEL)
    speak_cmd.add_argument("--format", default=None, choices=SPEECH_FORMATS, dest="response_format")
    speak_cmd.add_argument("--speed", type=float)
    speak_cmd.add_argument("--instructions")


def _granularities(value: str | None) -> list[str]:
    if not value:
        return []
    items = [item.strip() for item in value.split(",") if item.strip()]
    for item in items:
        if item not in GRANULARITIES:
            fail(f"--timestamps takes word and/or segment, not {item!r}.")
    return items


async def run_transcribe(session: CliSession) -> None:
    args = session.args
    path = Path(args.file).expanduser()
    if not path.is_file():
        fail(f"{path} is not a file.")
    request = TranscriptionRequest(
        model=args.model,
        language=args.language,
        prompt=args.prompt,
        temperature=args.temperature,
        response_format=args.response_format,
        timestamp_granularities=_granularities(args.timestamps),
        stream=args.stream,
    )

    def on_text(text: str) -> None:
        session.stderr.write(text)
        session.stderr.flush()

    try:
        transcript = await transcribe_file(
            session.api, path, request, translate=args.translate, on_text=on_text if args.stream else None
        )
    except AudioInputError as error:
        fail(str(error))
    if args.stream:
        session.stderr.write("\n")
    if session.as_json or (transcript.raw and args.response_format in ("json", "verbose_json")):
        session.stdout.write(transcript.raw.strip() + "\n" if transcript.raw else "")
        if not transcript.raw:
            session.emit_json({"text": transcript.text})
        return
    if transcript.raw and args.response_format in ("srt", "vtt", "text"):
        session.stdout.write(transcript.raw if transcript.raw.endswith("\n") else transcript.raw + "\n")
        return
    from ..core.audio import export_transcript

    fmt = {"text": "txt"}.get(args.response_format, args.response_format)
    fmt = "json" if fmt == "verbose_json" else fmt
    session.stdout.write(export_transcript(transcript, fmt))


async def run_speak(session: CliSession) -> None:
    """Speech is paid for: the destination is checked before the request, and audio that still cannot be
    written there is kept in the library instead (the error says where)."""
    args = session.args
    text = args.text
    if text == "-":
        import sys

        text = sys.stdin.read()
    if not text.strip():
        fail("The text to speak is empty.")
    out = Path(args.out_file).expanduser()
    check_destination(out)
    fmt = args.response_format or (
        out.suffix.lstrip(".").lower() if out.suffix.lstrip(".") in SPEECH_FORMATS else "mp3"
    )
    if args.speed is not None and not 0.25 <= args.speed <= 4.0:
        fail("--speed must be between 0.25 and 4.")
    with tempfile.TemporaryDirectory(prefix="studio-speak-") as folder:
        spoken = Path(folder) / f"speech.{fmt}"
        try:
            await speak(
                session.api,
                text,
                spoken,
                model=args.model,
                voice=args.voice,
                response_format=fmt,
                speed=args.speed,
                instructions=args.instructions,
            )
        except AudioInputError as error:
            fail(str(error))
        try:
            shutil.copyfile(spoken, out)
        except OSError as exc:
            await _keep_in_library(session, spoken, text, out, exc)
    if session.as_json:
        session.emit_json({"file": str(out), "format": fmt, "bytes": out.stat().st_size})
    else:
        session.stdout.write(f"{out}\n")


def check_destination(out: Path) -> None:
    """Refuse (before anything is paid for) a destination that is a folder or cannot be written."""
    if out.is_dir():
        fail(f"--out-file {out} is a folder; give a file name, such as {out / 'speech.mp3'}.")
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        fail(f"--out-file: the folder {folder} cannot be written ({exc.strerror or exc}); nothing was sent.")


async def _keep_in_library(session: CliSession, spoken: Path, text: str, out: Path, exc: OSError) -> None:
    db, library = session.open_data()
    try:
        asset = await save_speech(library, spoken, text, session.args.model, session.args.voice)
    finally:
        db.close()
    raise ResultNotSavedError(
        f"The speech could not be written to {out} ({exc.strerror or exc}); it is kept in the library at "
        f"{asset.path}."
    )


AUDIO_COMMANDS = {"transcribe": run_transcribe, "speak": run_speak}
