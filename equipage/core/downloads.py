"""The one place a `Content-Disposition` header is written (RFC 6266, with RFC 5987 `filename*`).

Never pass a raw request value: the name is sanitised anyway (no quote, backslash, control character,
path separator or header-splitting character survives), with an ASCII `filename` for old clients and a
UTF-8 `filename*` when the name is not plain ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;\u2028\u2029\x85]+')
_NOT_ASCII_TOKEN = re.compile(r"[^A-Za-z0-9._ ()\[\]+,=@'-]+")
MAX_NAME_LENGTH = 150


def safe_filename(name: str, default: str = "fichier") -> str:
    """The name without anything a header, a shell or a file system would misread."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join("-" if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") else char for char in name)
    name = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", name)).strip(" .-")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: MAX_NAME_LENGTH - len(extension) - 1] + dot + extension) if dot and len(extension) < 10 else name
        name = name[:MAX_NAME_LENGTH]
    return name or default


def ascii_filename(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_TOKEN.sub("-", ascii_name).strip(" .-") or "fichier"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """`attachment; filename="…"` (ASCII fallback) `; filename*=UTF-8''…` when the name needs it."""
    name = safe_filename(filename)
    fallback = ascii_filename(name)
    value = f'{"attachment" if attachment else "inline"}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def set_download_name(response, filename: str, *, attachment: bool = True):
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    return response
