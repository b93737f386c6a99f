"""Evidence files in S3-compatible object storage, against moto's server started by the test."""

import socket

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from config.settings import s3_storage
from equipage.compliance.models import Evidence
from tests.compliance.factories import AccessibilityAuditFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BUCKET = "equipage-preuves"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(settings):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    environ = {
        "EQUIPAGE_S3_BUCKET": BUCKET,
        "EQUIPAGE_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "EQUIPAGE_S3_REGION": "eu-west-3",
        "EQUIPAGE_S3_ACCESS_KEY_ID": "test",
        "EQUIPAGE_S3_SECRET_ACCESS_KEY": "test",
    }
    client = boto3.client(
        "s3",
        endpoint_url=environ["EQUIPAGE_S3_ENDPOINT_URL"],
        region_name="eu-west-3",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ)}
    yield client
    server.stop()


def test_evidence_goes_to_object_storage_and_comes_back_through_the_checked_view(
    s3, editor_client, product, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    audit = AccessibilityAuditFactory(product=product)
    response = editor_client.post(
        f"/produits/{product.slug}/conformite/preuves/audit/{audit.pk}/ajouter/",
        {"file": SimpleUploadedFile("Rapport d’audit.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    [stored] = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert stored["Key"].startswith("equipage/")
    assert s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == PDF
    assert not (tmp_path / "media").exists()  # nothing on the instance's disk
    download = editor_client.get(f"/produits/{product.slug}/conformite/preuves/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_local_disk_is_the_default():
    assert s3_storage({}) is None
