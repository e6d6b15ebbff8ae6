"""Object ids in the shapes the gateway's clients expect ("chatcmpl-…", "resp_…")."""

from __future__ import annotations

import secrets
import string

ID_ALPHABET = string.ascii_letters + string.digits


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(length))
