"""Short songs for the music families: a melody seeded by the prompt, encoded as MP3 (WAV if PyAV cannot).

Encoding MP3 is the dearest part of a simulated song, so a clip's own song is one of `TUNES` melodies,
each encoded once, made a file of its own by an ID3 tag naming the clip (the library stores identical
bytes once, and a player skips the tag)."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from functools import cache, lru_cache

import av
import numpy as np

from studio.simulator.artwork import seed_of

SAMPLE_RATE = 22050
NOTE_SECONDS = 0.25
PENTATONIC_STEPS = (0, 2, 4, 7, 9, 12, 14, 16)
MP3_BIT_RATE = 64_000
TUNES = 16


@dataclass(frozen=True)
class AudioFormat:
    codec: str
    extension: str
    content_type: str


MP3 = AudioFormat("libmp3lame", "mp3", "audio/mpeg")
WAV = AudioFormat("pcm_s16le", "wav", "audio/wav")


@cache
def audio_format() -> AudioFormat:
    """MP3 where this PyAV build can encode it (the real services serve MP3), else WAV."""
    try:
        av.codec.Codec(MP3.codec, "w")
    except (av.codec.codec.UnknownCodecError, ValueError):
        return WAV
    return MP3


def melody(seed_text: str, seconds: float) -> np.ndarray:
    """Mono float samples in -1..1: plucked notes on a pentatonic scale, chosen by the seed."""
    rng = np.random.default_rng(seed_of("melody", seed_text))
    root_hz = 196.0 * 2 ** (int(rng.integers(0, 7)) / 12)
    note_samples = int(NOTE_SECONDS * SAMPLE_RATE)
    note_count = max(1, int(np.ceil(seconds / NOTE_SECONDS)))
    time_axis = np.arange(note_samples) / SAMPLE_RATE
    envelope = np.exp(-time_axis * 6.0)
    notes = []
    for _ in range(note_count):
        frequency = root_hz * 2 ** (PENTATONIC_STEPS[int(rng.integers(0, len(PENTATONIC_STEPS)))] / 12)
        tone = np.sin(2 * np.pi * frequency * time_axis) + 0.3 * np.sin(4 * np.pi * frequency * time_axis)
        notes.append(tone * envelope)
    samples = np.concatenate(notes)[: int(seconds * SAMPLE_RATE)]
    return (0.4 * samples).astype(np.float32)


def encode_song(seed_text: str, seconds: float) -> tuple[bytes, AudioFormat]:
    """A song of about `seconds` as file bytes, with the format it is in."""
    return encode_samples(melody(seed_text, seconds))


def tune_seed(seed_text: str) -> str:
    """The seed of the one of `TUNES` melodies that `seed_text` picks."""
    return f"tune:{seed_of('tune', seed_text) % TUNES}"


def tune_samples(seed_text: str, seconds: float) -> np.ndarray:
    """The samples of the melody `seed_text` picks (the audio of `tagged_song`)."""
    return _tune(tune_seed(seed_text), seconds)[0]


def tagged_song(seed_text: str, seconds: float, name: str) -> tuple[bytes, AudioFormat]:
    """The melody `seed_text` picks as file bytes, distinct per `name` (an ID3 title tag) but encoded once."""
    _, data, chosen = _tune(tune_seed(seed_text), seconds)
    if chosen is not MP3:
        return data, chosen
    return id3_title(name) + data, chosen


@lru_cache(maxsize=2 * TUNES)
def _tune(seed: str, seconds: float) -> tuple[np.ndarray, bytes, AudioFormat]:
    samples = melody(seed, seconds)
    samples.setflags(write=False)
    data, chosen = encode_samples(samples)
    return samples, data, chosen


def id3_title(title: str) -> bytes:
    """An ID3v2.3 tag holding one title frame (TIT2, ISO-8859-1; other characters become '?')."""
    text = b"\x00" + title.encode("latin-1", "replace")
    frame = b"TIT2" + len(text).to_bytes(4, "big") + b"\x00\x00" + text
    size = len(frame)
    syncsafe = bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x03\x00\x00" + syncsafe + frame


def encode_samples(samples: np.ndarray) -> tuple[bytes, AudioFormat]:
    chosen = audio_format()
    if chosen is WAV:
        return _wav_bytes(samples), WAV
    return _mp3_bytes(samples), MP3


def _mp3_bytes(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp3") as container:
        stream = container.add_stream(MP3.codec, rate=SAMPLE_RATE, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.bit_rate = MP3_BIT_RATE
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="fltp", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def _wav_bytes(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes((samples * 32767).astype("<i2").tobytes())
    return buffer.getvalue()
