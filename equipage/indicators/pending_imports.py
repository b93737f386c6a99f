"""An uploaded file waiting for its author's confirmation, between the import's preview and its writing.

The file's bytes go to Django's default storage (never served: no URL points there), under a folder per
user; the session keeps a random token, the file's name and the product. Confirming re-reads and re-checks
the file, so nothing that changed meanwhile is written unchecked. A user has at most one pending import:
a new upload, a confirmation or a refusal removes the previous file.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest

SESSION_KEY = "indicators_pending_import"
FOLDER = "imports-en-attente"


@dataclass
class PendingImport:
    token: str
    path: str
    filename: str
    product_id: int
    indicator_id: int | None


def _folder(request: HttpRequest) -> str:
    return f"{FOLDER}/{request.user.pk}"


def _remove_all(request: HttpRequest) -> None:
    folder = _folder(request)
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def store(request: HttpRequest, *, product_id: int, filename: str, data: bytes, indicator_id: int | None) -> str:
    """Keep the file until its author confirms; the token to send back with the confirmation."""
    _remove_all(request)
    token = secrets.token_urlsafe(24)
    path = default_storage.save(f"{_folder(request)}/{secrets.token_hex(16)}.bin", ContentFile(data))
    pending = PendingImport(token, path, filename[:200], product_id, indicator_id)
    request.session[SESSION_KEY] = asdict(pending)
    return token


def load(request: HttpRequest, *, product_id: int, token: str) -> tuple[PendingImport, bytes] | None:
    """The pending import matching the token and the product, with its bytes; None when there is none."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    pending = PendingImport(**stored)
    if not secrets.compare_digest(pending.token, token or "") or pending.product_id != product_id:
        return None
    if not pending.path.startswith(f"{_folder(request)}/") or not default_storage.exists(pending.path):
        return None
    with default_storage.open(pending.path, "rb") as stored_file:
        return pending, stored_file.read()


def discard(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    _remove_all(request)
