"""Evidence documents: accepted formats only, size-limited, never empty, never public."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equipage.compliance.models import Evidence
from tests.compliance.factories import AccessibilityAuditFactory, HomologationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"})


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def upload_url(product, kind="audit", pk=None):
    return f"/produits/{product.slug}/conformite/preuves/{kind}/{pk}/ajouter/"


@pytest.fixture
def audit(product):
    return AccessibilityAuditFactory(product=product)


@pytest.mark.parametrize(
    ("name", "content"),
    [("rapport.pdf", PDF), ("Grille.DOCX", DOCX), ("suivi.ods", ODS), ("ancien.xls", OLE2)],
)
def test_an_editor_attaches_an_accepted_document(editor_client, editor, product, audit, media_root, name, content):
    response = editor_client.post(upload_url(product, pk=audit.pk), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size, evidence.uploaded_by) == (name, len(content), editor)
    assert (evidence.record_kind, evidence.record_id) == ("audit", audit.pk)
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == content
    assert name not in str(stored)  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programme.exe", b"MZ\x90\x00", "n’est pas accepté"),
        ("notes.txt", b"du texte", "n’est pas accepté"),
        ("sans-extension", PDF, "n’est pas accepté"),
        ("faux.pdf", b"MZ\x90\x00 un executable renomme", "ne correspond pas à un document PDF"),
        ("faux.docx", ODS, "ne correspond pas à un document DOCX"),  # a zip, but not a Word document
        ("faux.odt", ODS, "ne correspond pas à un document ODT"),  # an ODF file of another kind
        ("faux.xlsx", b"PK\x03\x04 pas vraiment un zip", "ne correspond pas"),
        ("faux.doc", PDF, "ne correspond pas à un document DOC"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_refused_documents_leave_nothing_stored(editor_client, product, audit, media_root, name, content, message):
    response = editor_client.post(upload_url(product, pk=audit.pk), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_a_too_large_document_is_refused(settings, editor_client, product, audit, media_root):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = editor_client.post(upload_url(product, pk=audit.pk), {"file": SimpleUploadedFile("gros.pdf", big)})
    html = response.content.decode()
    assert "dépasse la taille maximale de 1 Mo" in html
    assert not Evidence.objects.exists() and stored_files(media_root) == []


def test_a_missing_file_is_refused(editor_client, product, audit):
    response = editor_client.post(upload_url(product, pk=audit.pk), {})
    assert "Choisissez un fichier à joindre." in response.content.decode()


def test_agents_cannot_attach_documents(agent_client, product, audit, media_root):
    response = agent_client.post(upload_url(product, pk=audit.pk), {"file": SimpleUploadedFile("r.pdf", PDF)})
    assert response.status_code == 403
    assert stored_files(media_root) == []


def test_a_document_attaches_only_to_a_record_of_the_same_product(editor_client, product):
    other = HomologationFactory()
    response = editor_client.post(
        upload_url(product, "homologation", other.pk), {"file": SimpleUploadedFile("r.pdf", PDF)}
    )
    assert response.status_code == 404


@pytest.fixture
def evidence(editor_client, product, audit):
    editor_client.post(upload_url(product, pk=audit.pk), {"file": SimpleUploadedFile("Rapport d’audit.pdf", PDF)})
    editor_client.logout()
    return Evidence.objects.get()


def test_signed_in_agents_download_evidence_through_the_checked_view(client, agent, product, evidence):
    url = f"/produits/{product.slug}/conformite/preuves/{evidence.pk}/"
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_evidence_is_never_public(client, product, evidence, settings):
    response = client.get(f"/produits/{product.slug}/conformite/preuves/{evidence.pk}/")
    assert response.status_code == 302 and response.url.startswith("/connexion/")
    # The storage path is not reachable either: nothing serves /media/.
    assert client.get(f"/media/{evidence.file.name}").status_code in (302, 404)
    api = client.get(f"/api/v1/products/{product.slug}/compliance/")
    assert api.status_code == 401


def test_pages_link_evidence_to_the_view_never_to_media(client, agent, product, evidence):
    client.force_login(agent)
    html = client.get(f"/produits/{product.slug}/conformite/").content.decode()
    assert f"/produits/{product.slug}/conformite/preuves/{evidence.pk}/" in html
    assert "Rapport d’audit.pdf" in html
    assert "/media/" not in html and evidence.file.name not in html


def test_evidence_of_another_product_is_not_found(client, agent, evidence):
    client.force_login(agent)
    other = HomologationFactory().product
    assert client.get(f"/produits/{other.slug}/conformite/preuves/{evidence.pk}/").status_code == 404
