"""Songs for the Music tab and anything else that makes or reads them (no Qt).

A song is a Suno clip or a Udio song in the library: an audio asset whose cover and video (when the
service made them) are image and video assets whose parent is the song; a continuation's parent is the
clip it continues. Here: the requests that make songs (a continuation gets its task id from the
library, because relays route it by the task that made the clip), the parts and lineage of a song, the
clips a running job is still making (with the stream a clip plays from while it is made), and export.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..api.download import link_problem
from ..api.errors import InputError
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from ..api.suno import SunoMusicRequest, SunoTask
from ..api.udio import UdioTask
from .library import Asset, Library
from .tasks import Job

MUSIC_FAMILIES = ("suno", "udio")
SUNO_MODELS = ("chirp-v3-5", "chirp-v4", "chirp-auk", "chirp-bluejay", "chirp-crow")
UDIO_MODELS = ("udio32-v1.5", "udio130-v1.5")
UDIO_LYRICS_TYPES = ("user", "instrumental", "generate")
STYLE_SUGGESTIONS = (
    "pop",
    "rock",
    "folk",
    "jazz",
    "blues",
    "hip hop",
    "r&b",
    "electronic",
    "ambient",
    "lo-fi",
    "synthwave",
    "classical",
    "orchestral",
    "acoustic",
    "piano",
    "country",
    "reggae",
    "metal",
    "punk",
    "funk",
    "soul",
    "sea shanty",
    "k-pop",
    "c-pop",
    "upbeat",
    "mellow",
    "dreamy",
    "melancholic",
    "epic",
    "female vocals",
    "male vocals",
    "instrumental",
)
ROLE_COVER = "cover"
ROLE_VIDEO = "video"


class MusicInputError(InputError):
    """A song request that cannot be sent as it is (caught before anything leaves)."""


def clip_id_of(song: Asset) -> str | None:
    """The service's id of a song (Suno's clip id, Udio's song id)."""
    value = song.remote_id or song.parameters.get("clip_id") or song.parameters.get("song_id")
    return str(value) if value else None


def task_id_of(library: Library, song: Asset) -> str | None:
    """The task that made the song: its own row's, else any row of the same clip that knows it."""
    if song.task_id:
        return song.task_id
    clip_id = clip_id_of(song)
    if clip_id is None:
        return None
    row = library.db.execute(
        "SELECT task_id FROM assets WHERE family = ? AND remote_id = ? AND task_id IS NOT NULL ORDER BY id LIMIT 1",
        (song.family, clip_id),
    ).fetchone()
    return str(row["task_id"]) if row else None


def continuation_request(
    library: Library,
    song: Asset,
    at: float,
    *,
    lyrics: str = "",
    tags: str = "",
    title: str = "",
    mv: str | None = None,
    instrumental: bool = False,
) -> SunoMusicRequest:
    """Continue a Suno clip from `at` seconds, with its task id filled in from the library."""
    clip_id = clip_id_of(song)
    if song.family != "suno" or song.kind != "audio" or clip_id is None:
        raise MusicInputError(QT_TRANSLATE_NOOP("ApiMessages", "Only a Suno song can be continued."))
    end = song.duration
    if not at > 0 or (end is not None and at > end):
        raise MusicInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "Pick a point inside the song, after 0 s and up to {end} s."),
                end=f"{end:.1f}" if end is not None else "?",
            )
        )
    request = SunoMusicRequest(
        prompt=lyrics.strip() or None,
        tags=tags.strip() or None,
        title=title.strip() or None,
        mv=mv or None,
        make_instrumental=instrumental or None,
    )
    return request.continuing(clip_id, round(at, 2), task_id_of(library, song))


def can_make_whole_song(song: Asset) -> bool:
    """A Suno continuation can be concatenated with what it continues into one track."""
    return song.family == "suno" and song.parent_id is not None and clip_id_of(song) is not None


@dataclass(frozen=True)
class SongParts:
    cover: Asset | None = None
    video: Asset | None = None
    continued_by: tuple[Asset, ...] = ()
    """Songs that continue this one (or concatenate it), oldest first."""


def song_parts(library: Library, song: Asset) -> SongParts:
    """The song's cover, video and continuations, from the assets whose parent it is."""
    cover = video = None
    continued_by = []
    for child in library.children(song.id):
        if child.trashed:
            continue
        if child.kind == "image" and cover is None:
            cover = child
        elif child.kind == "video" and video is None:
            video = child
        elif child.kind == "audio":
            continued_by.append(child)
    return SongParts(cover, video, tuple(continued_by))


def continues(library: Library, song: Asset) -> list[Asset]:
    """The songs this one continues, oldest first (empty for an original)."""
    return library.lineage(song.id)[:-1]


@dataclass(frozen=True)
class PendingClip:
    """A clip a running (or failed) job is making, as the service last described it."""

    job_id: int
    key: str
    family: str
    title: str
    status: str
    """submitted, queued, streaming, complete or error (Udio: queued, complete, error)."""
    tags: str = ""
    lyrics: str = ""
    model: str = ""
    stream_url: str | None = None
    """While streaming: the partial song's link, checked, to play before the final file is stored."""
    error: str | None = None
    clip_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def pending_clips(job: Job, base_url: str = "") -> list[PendingClip]:
    """The clips of a music job from its last reply (none before the service described any)."""
    raw = job.raw if isinstance(job.raw, dict) else None
    if raw is None or job.kind == "lyrics":
        return []
    if job.family == "suno":
        return [_suno_clip(job, clip, base_url) for clip in SunoTask.model_validate(raw).clips if clip.id]
    if job.family == "udio":
        songs = UdioTask.model_validate(raw).songs
        return [
            PendingClip(
                job_id=job.id,
                key=f"song:{song.id}",
                family="udio",
                title=song.title or job.title,
                status="error" if song.error else ("complete" if song.finished else "queued"),
                tags=", ".join(song.tags),
                lyrics=song.lyrics or "",
                model=str((job.parameters.get("gen_params") or {}).get("model_type") or ""),
                error=song.error,
                clip_id=song.id,
            )
            for song in songs
            if song.id
        ]
    return []


def _suno_clip(job: Job, clip: Any, base_url: str) -> PendingClip:
    status = (clip.status or "").lower() or "queued"
    return PendingClip(
        job_id=job.id,
        key=f"clip:{clip.id}",
        family="suno",
        title=clip.title or job.title,
        status=status,
        tags=clip.metadata.tags or "",
        lyrics=clip.metadata.prompt or "",
        model=clip.model_name or "",
        stream_url=playable_link(clip.audio_url, base_url) if status == "streaming" else None,
        error=(clip.error or "The clip failed.") if clip.failed else None,
        clip_id=clip.id,
    )


def playable_link(url: str | None, base_url: str = "") -> str | None:
    """A link from the service that is safe to hand to a media player (absolute), or None."""
    if not url or link_problem(url, base_url) is not None:
        return None
    if url.startswith("/"):
        return urljoin(base_url, url) if base_url else None
    return url


def export_song(song: Asset, target: Path) -> Path:
    """Copy the song's file (MP3, WAV… as it was downloaded) to `target`, adding the extension if missing."""
    if song.path is None or not song.path.exists():
        raise MusicInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The file of “{title}” is missing from the library."),
                title=song.title,
            )
        )
    if not target.suffix and song.ext:
        target = target.with_suffix(f".{song.ext}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(song.path, target)
    return target
