"""The API layer's plain sentences, translated for the interface.

`studio.api` knows no Qt, so its errors speak English. The sentences it can produce are listed here as
templates (`{name}` marks a part copied as is, such as a URL or what the gateway said) so lupdate
collects them; `translate_api_message()` matches a message against them, piece by piece.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ApiMessages"

_MARKED = (
    QT_TRANSLATE_NOOP("ApiMessages", "The request failed."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway rejected the request as invalid."),
    QT_TRANSLATE_NOOP("ApiMessages", "This model is not available on the gateway; choose another model."),
    QT_TRANSLATE_NOOP("ApiMessages", "The API key was not accepted; check the key in your profile."),
    QT_TRANSLATE_NOOP("ApiMessages", "Your UniAPI balance is too low for this request; top up and try again."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway does not know this address or item; check the base URL."),
    QT_TRANSLATE_NOOP("ApiMessages", "The request is too large for the gateway; use a smaller file or shorter input."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway is rate limiting you; wait a moment and try again."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway had an internal error; try again in a moment."),
    QT_TRANSLATE_NOOP("ApiMessages", "The server answered with a web page instead of API data; check the base URL."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway reported an error in the middle of the reply."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service refused to start the task."),
    QT_TRANSLATE_NOOP("ApiMessages", "The task failed on the service."),
    QT_TRANSLATE_NOOP("ApiMessages", "The result's download link has expired, so the file could not be saved."),
    QT_TRANSLATE_NOOP("ApiMessages", "The downloaded file is not the kind of file the service promised."),
    QT_TRANSLATE_NOOP("ApiMessages", "The network connection to the gateway failed."),
    QT_TRANSLATE_NOOP(
        "ApiMessages", "Could not connect to the gateway; check the base URL, proxy and your connection."
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway did not answer in time."),
    QT_TRANSLATE_NOOP("ApiMessages", "The connection dropped before the reply was complete."),
    QT_TRANSLATE_NOOP("ApiMessages", "The request was cancelled."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway refused access to this request."),
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The gateway (or a proxy in front of it) failed with a web error page; try again shortly.",
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway answered with something the studio cannot read."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway answered with data the studio cannot read."),
    QT_TRANSLATE_NOOP("ApiMessages", "The proxy refused or failed the connection; check the proxy settings."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway sent a stream piece the studio cannot read."),
    QT_TRANSLATE_NOOP("ApiMessages", "The reply stopped before it was complete."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's balance reply cannot be read."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's balance reply has no balance."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway could not report the balance: {message}"),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's chat reply has no choices."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's completion reply has no choices."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's embeddings reply has no data."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's response object has no id."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney does not know the task this request refers to."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney rejected the request as invalid."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney had a system error; try again later."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney's queue is full; try again in a few minutes."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney refused the prompt because it contains a banned word; rephrase it."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney refused the request (code {code})."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney accepted the request but sent no task id."),
    QT_TRANSLATE_NOOP("ApiMessages", "Midjourney's reply cannot be read."),
    QT_TRANSLATE_NOOP("ApiMessages", "Ideogram's reply cannot be read."),
    QT_TRANSLATE_NOOP("ApiMessages", "Luma sent no download link for this video."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway said: {message}"),
    QT_TRANSLATE_NOOP("ApiMessages", "The service said: {message}"),
    QT_TRANSLATE_NOOP("ApiMessages", "'{url}' is not a valid URL."),
    QT_TRANSLATE_NOOP("ApiMessages", "The base URL must start with http:// or https:// (got '{url}')."),
    QT_TRANSLATE_NOOP("ApiMessages", "The base URL '{url}' has no host name."),
    # The task engine's notes on a job (studio/core/tasks.py); `{error}` is itself a sentence from this list.
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The studio stopped while this request was being sent, so it is not known whether the service "
        "received it (and charged for it). It was not sent again: check the service, then retry if needed.",
    ),
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The request may have reached the service; it was not sent again. Check the service before retrying.",
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The request could not be prepared: {reason}"),
    QT_TRANSLATE_NOOP("ApiMessages", "The request was interrupted ({reason})."),
    QT_TRANSLATE_NOOP("ApiMessages", "New paid request: a retry of job {job}."),
    QT_TRANSLATE_NOOP("ApiMessages", "Cancelled right after it was accepted; nothing is followed."),
    QT_TRANSLATE_NOOP("ApiMessages", "Cancelled; the {count} result(s) already saved are kept."),
    QT_TRANSLATE_NOOP("ApiMessages", "Cancelled."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service keeps failing to report on this task: {error}"),
    QT_TRANSLATE_NOOP("ApiMessages", "Checking failed ({error}); trying again in {seconds} s."),
    QT_TRANSLATE_NOOP("ApiMessages", "The studio could not handle the service's reply ({reason})."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service is waiting for input."),
    QT_TRANSLATE_NOOP("ApiMessages", "The task failed: {reason} ({count} result(s) saved before it failed are kept.)"),
    QT_TRANSLATE_NOOP("ApiMessages", "The task failed: {reason}"),
    QT_TRANSLATE_NOOP("ApiMessages", "The {family} task failed: {reason}"),
    QT_TRANSLATE_NOOP("ApiMessages", "{count} of {total} results failed on the service: {reason}"),
    QT_TRANSLATE_NOOP("ApiMessages", "The service reported success but sent no result to save."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service's task reply cannot be read."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service did not report on this task."),
    QT_TRANSLATE_NOOP("ApiMessages", "The result could not be saved in the library."),
    # Reliability and safety (hostile servers, local storage, deadlines).
    QT_TRANSLATE_NOOP(
        "ApiMessages", "The result file is larger than the studio accepts for its kind; it was not saved."
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The image has more pixels than the studio opens, so it was not opened."),
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The gateway answered a paid request with a redirect; it was not followed, so nothing was sent twice.",
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The server kept redirecting the request in a loop, so it was abandoned."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service sent a result link the studio will not open."),
    QT_TRANSLATE_NOOP("ApiMessages", "The service sent a result link the studio will not open: {reason}."),
    QT_TRANSLATE_NOOP(
        "ApiMessages", "The server is sending its reply far too slowly (a few bytes at a time), so it was abandoned."
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The task did not finish in the time allowed; it is kept for a later resume."),
    QT_TRANSLATE_NOOP("ApiMessages", "The studio could not use its data folder."),
    QT_TRANSLATE_NOOP("ApiMessages", "The studio's database stayed locked by another program."),
    QT_TRANSLATE_NOOP("ApiMessages", "The studio's database is damaged."),
    QT_TRANSLATE_NOOP("ApiMessages", "The result could not be saved on this computer."),
    QT_TRANSLATE_NOOP("ApiMessages", "The gateway's reply was damaged: it claimed a compression it did not use."),
    QT_TRANSLATE_NOOP("ApiMessages", "Could not connect to the file server {host}; check your connection."),
    QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} did not answer in time."),
    QT_TRANSLATE_NOOP(
        "ApiMessages", "The connection to the file server {host} dropped before the file was complete."
    ),
    QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} had an internal error; try again later."),
    QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} refused the download (HTTP {status})."),
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The gateway accepted the request, so it may have been charged; it was not sent again. Check the "
        "service before retrying.",
    ),
    QT_TRANSLATE_NOOP(
        "ApiMessages", "Could not save: {reason}. The job stays open, and a resume saves the result once that is fixed."
    ),
    QT_TRANSLATE_NOOP(
        "ApiMessages", "Not finished after {minutes} minutes (the {family} limit); a resume follows it again."
    ),
)

TEMPLATES: tuple[str, ...] = tuple(str(template) for template in _MARKED)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regex: a placeholder in the middle is the shortest text, at the end the rest."""
    parts = _PLACEHOLDER.split(template)
    regex = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex.append(re.escape(part))
        else:
            last = index == len(parts) - 2 and parts[-1] == ""
            regex.append(f"(?P<{part}>.+)" if last else f"(?P<{part}>.+?)")
    return re.compile("".join(regex), re.DOTALL)


def _translate_piece(text: str) -> tuple[str, str] | None:
    """(translated sentence, what follows it) for the longest template that `text` starts with."""
    for template in sorted(TEMPLATES, key=len, reverse=True):
        match = _pattern(template).match(text)
        if match:
            translated = QCoreApplication.translate(CONTEXT, template)
            parts = match.groupdict()
            if "error" in parts:  # a sentence of this list inside another one
                parts["error"] = translate_api_message(parts["error"])
            try:
                sentence = translated.format(**parts)
            except (KeyError, IndexError, ValueError):
                sentence = template.format(**parts)
            return sentence, text[match.end() :]
    return None


def translate_api_message(message: str) -> str:
    """`message` in the interface language; sentences not known here are kept as they are."""
    pieces: list[str] = []
    rest = message.strip()
    while rest:
        found = _translate_piece(rest)
        if found is None:
            pieces.append(rest)
            break
        sentence, rest = found
        pieces.append(sentence)
        rest = rest.strip()
    joined = ""
    for piece in pieces:
        # Chinese sentences follow each other without a space; English ones with one.
        glue = "" if not joined or joined.endswith(("。", "：", "；")) else " "
        joined += glue + piece
    return joined
