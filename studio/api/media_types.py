"""What a file really is, from its first bytes: never trust a URL's extension or a Content-Type.

An expired signed URL answers with an XML or HTML error page, and a misconfigured relay may serve a
web page with status 200 where an image should be; both are caught here before they reach the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MediaKind = Literal["image", "audio", "video", "text"]

SNIFF_BYTES = 256
"""How many leading bytes `sniff` and `describe` need (an SVG's root element may follow a long prolog)."""


@dataclass(frozen=True)
class MediaType:
    kind: MediaKind
    ext: str
    mime: str


PNG = MediaType("image", "png", "image/png")
JPEG = MediaType("image", "jpg", "image/jpeg")
GIF = MediaType("image", "gif", "image/gif")
WEBP = MediaType("image", "webp", "image/webp")
MP3 = MediaType("audio", "mp3", "audio/mpeg")
WAV = MediaType("audio", "wav", "audio/wav")
OGG = MediaType("audio", "ogg", "audio/ogg")
FLAC = MediaType("audio", "flac", "audio/flac")
M4A = MediaType("audio", "m4a", "audio/mp4")
MP4 = MediaType("video", "mp4", "video/mp4")
WEBM = MediaType("video", "webm", "video/webm")
TEXT = MediaType("text", "txt", "text/plain; charset=utf-8")

_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")


def _is_mp3_frame(head: bytes) -> bool:
    # An MPEG audio frame header: 11 sync bits, then a version and a layer that are not "reserved".
    if len(head) < 2 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    return head[1] & 0x18 != 0x08 and head[1] & 0x06 != 0


def sniff(head: bytes) -> MediaType | None:
    """The media type of a file starting with `head` (at least SNIFF_BYTES of it), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"fLaC"):
        return FLAC
    if head[4:8] == b"ftyp":
        return M4A if head[8:12] in _AUDIO_BRANDS else MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    return None


def is_kind(found: MediaType | None, expect: MediaKind) -> bool:
    """True when `found` is a file of kind `expect` (audio may come in an MP4 container)."""
    if found is None:
        return False
    return found.kind == expect or (expect == "audio" and found.ext == "mp4")


def describe(head: bytes) -> str:
    """A few words for an error message: what the bytes look like."""
    found = sniff(head)
    if found is not None:
        return f"a {found.ext.upper()} {found.kind} file"
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "a web page"
    if b"<svg" in start or b"<!doctype svg" in start:
        return "an SVG drawing (a format the studio does not store)"
    if start.startswith(b"<?xml") or start.startswith(b"<error"):
        return "an error message from the file server"
    if start.startswith(b"{"):
        return "a JSON message"
    if not head:
        return "an empty file"
    return "a file of unknown type"
