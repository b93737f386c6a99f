"""Checking and storing evidence documents: office and PDF files only, size-limited, never empty.

A file is accepted when its extension is allowed AND its content starts like a file of that kind
(and, for the zip-based formats, holds what that format holds). Refusals are French sentences;
nothing is stored unless every check passes.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from . import standards
from .models import Evidence

PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of legacy Microsoft Office formats

ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ALLOWED_EXTENSIONS = (".pdf", ".odt", ".ods", ".odp", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx")
ACCEPT_ATTRIBUTE = ",".join(ALLOWED_EXTENSIONS)


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", standards.DEFAULT_EVIDENCE_MAX_BYTES)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} Mo" if value >= 10 or value == int(value) else f"{value:.1f} Mo".replace(".", ",")


def _zip_holds(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in ODF_MIMETYPES:
                return "mimetype" in names and archive.read("mimetype").strip() == ODF_MIMETYPES[extension].encode()
            return "[Content_Types].xml" in names and any(n.startswith(OOXML_PARTS[extension]) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False
    finally:
        upload.seek(0)


def content_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(PDF)
    if extension in (".doc", ".xls", ".ppt"):
        return head.startswith(OLE2)
    return head.startswith(ZIP) and _zip_holds(upload, extension)


def validate_upload(upload: UploadedFile | None) -> str:
    """Check an uploaded file; return its extension, or raise a ValidationError saying why it is refused."""
    if upload is None:
        raise ValidationError("Choisissez un fichier à joindre.")
    name = PurePosixPath(upload.name or "").name
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            f"Le fichier « {name} » n’est pas accepté : seuls les documents PDF, OpenDocument (odt, ods, odp) "
            "et Microsoft Office (doc, docx, xls, xlsx, ppt, pptx) le sont."
        )
    if not upload.size:
        raise ValidationError(f"Le fichier « {name} » est vide : choisissez le document complet.")
    if upload.size > max_bytes():
        raise ValidationError(
            f"Le fichier « {name} » dépasse la taille maximale de {_megabytes(max_bytes())} "
            f"({upload.size} octets) : réduisez-le ou découpez-le."
        )
    if not content_matches(upload, extension):
        raise ValidationError(
            f"Le contenu du fichier « {name} » ne correspond pas à un document {extension[1:].upper()} : "
            "il a peut-être été renommé. Joignez le document d’origine."
        )
    return extension


@transaction.atomic
def store_evidence(*, product, record_kind: str, record_id: int, upload: UploadedFile, user) -> Evidence:
    """Validate, then store through the default storage and record who uploaded it."""
    validate_upload(upload)
    name = PurePosixPath(upload.name).name[:255]
    evidence = Evidence(
        product=product,
        record_kind=record_kind,
        record_id=record_id,
        original_name=name,
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
