"""The committee pack: live HTML and a tagged PDF that reads back with the product's name and figures,
frozen per session with its editions kept, and e-mailed to the attendees."""

import datetime
import io
import logging
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from equipage.committees import pack
from equipage.committees.models import Attendee, SessionPack
from tests.budget.factories import BudgetLineFactory, BudgetYearFactory, SpendingFactory
from tests.factories import PersonFactory

from .factories import ActionFactory, DecisionFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def _budget(product):
    year = datetime.date.today().year
    line = BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=year), planned=Decimal("123456"))
    SpendingFactory(line=line, amount=Decimal("7890"))


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_a_tagged_pdf_with_the_product_figures_and_marianne(agent_client, product):
    _budget(product)
    ActionFactory(decision=DecisionFactory(product=product, title="Ouvrir le service"), title="Prévenir les agences")
    response = agent_client.get(reverse("committees:product_pack_pdf", args=[product.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader, text = pdf_text(response.content)
    assert "Mon parcours" in text
    assert "123" in text and "456" in text  # the planned amount, grouped the French way
    assert "Ouvrir le service" in text and "Prévenir les agences" in text
    assert "Page 1 sur" in text and "Généré le" in text
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    fonts = {font.get_object()["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("Marianne" in name for name in fonts)


def test_building_the_pdf_prints_neither_weasyprint_progress_nor_ignored_css(agent_client, product, caplog):
    """`make run` loads the demo, which freezes packs: each PDF used to print seven « Step … » lines and a
    warning about the pack's own CSS."""
    with caplog.at_level(logging.DEBUG):
        response = agent_client.get(reverse("committees:product_pack_pdf", args=[product.slug]))
    assert response.content.startswith(b"%PDF-")
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []


def test_the_print_view_is_html_from_live_data(agent_client, product):
    _budget(product)
    html = agent_client.get(reverse("committees:product_pack", args=[product.slug])).content.decode()
    assert '<html lang="fr">' in html
    assert "Budget" in html and "123\xa0456 €" in html
    assert "<svg" in html  # charts as vector graphics


def test_a_portfolio_pack_opens_with_a_summary_of_every_product(agent_client):
    session = SessionFactory()
    other = SessionFactory().products.first()
    session.products.add(other)
    html = agent_client.get(reverse("committees:session_pack", args=[session.pk])).content.decode()
    assert "Synthèse des produits examinés" in html
    assert html.count('<section class="product"') == 2


def test_freezing_keeps_every_edition_and_only_managers_freeze(client, editor, agent, product, media):
    session = SessionFactory(products=[product])
    client.force_login(agent)
    assert client.post(reverse("committees:session_pack_freeze", args=[session.pk])).status_code == 403
    assert not SessionPack.objects.exists()
    client.force_login(editor)
    client.post(reverse("committees:session_pack_freeze", args=[session.pk]))
    client.post(reverse("committees:session_pack_freeze", args=[session.pk]))
    editions = list(session.packs.order_by("edition"))
    assert [frozen.edition for frozen in editions] == [1, 2]
    assert editions[0].file.name != editions[1].file.name
    download = client.get(reverse("committees:session_pack_download", args=[session.pk, 1]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_pack_is_emailed_to_the_attendees(client, editor, product, media):
    session = SessionFactory(products=[product])
    Attendee.objects.create(session=session, person=PersonFactory(email="lea@ministere.example"))
    client.force_login(editor)
    client.post(reverse("committees:session_pack_send", args=[session.pk]))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@ministere.example"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert session.packs.count() == 1


def test_build_context_is_dated():
    session = SessionFactory()
    context = pack.build_context(pack.session_products(session), session=session)
    assert context["generated_at"].date() == datetime.date.today()


def test_the_pack_email_writes_the_session_date_as_the_french_do(client, editor, product, media):
    session = SessionFactory(products=[product], date=datetime.date(2027, 3, 1))
    Attendee.objects.create(session=session, person=PersonFactory(email="lea@ministere.example"))
    client.force_login(editor)
    client.post(reverse("committees:session_pack_send", args=[session.pk]))
    assert "» du 1er mars 2027 (édition 1, générée le " in mail.outbox[0].body
    assert "/" not in mail.outbox[0].body.split("générée le ")[1]
