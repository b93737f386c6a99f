"""The product guard: one way for pages and API routes to find their product and refuse writes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from equipage.registry.guards import ARCHIVED, NOT_AN_EDITOR, ProductScopedAPIMixin, product_page, require_write
from tests.factories import AdminFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page_request(user, method="get"):
    request = getattr(RequestFactory(), method)("/produits/x/")
    request.user = user
    return request


@product_page(write=True, refusal="Seuls les éditeurs du produit gèrent ses essais.")
def _edit_page(request, product):
    return HttpResponse(f"édition de {product.slug}")


@product_page
def _read_page(request, product):
    return HttpResponse(f"lecture de {product.slug}")


def test_a_read_page_receives_its_product_and_answers_404_for_an_unknown_one(agent):
    product = ProductFactory()
    assert _read_page(_page_request(agent), slug=product.slug).content.decode() == f"lecture de {product.slug}"
    with pytest.raises(Http404):
        _read_page(_page_request(agent), slug="inconnu")


def test_a_write_page_is_refused_to_agents_and_to_editors_of_another_product(agent, editor):
    product = ProductFactory()
    ProductFactory(editors=[editor])
    for user in (agent, editor):
        with pytest.raises(PermissionDenied, match="Seuls les éditeurs du produit gèrent ses essais"):
            _edit_page(_page_request(user, "post"), slug=product.slug)


def test_a_write_page_lets_the_product_editors_and_administrators_in(editor, admin_user):
    product = ProductFactory(editors=[editor])
    for user in (editor, admin_user):
        assert _edit_page(_page_request(user), slug=product.slug).status_code == 200


def test_an_archived_product_refuses_every_write_but_says_first_who_may_write(editor, agent):
    product = ProductFactory(editors=[editor], archived=True)
    with pytest.raises(PermissionDenied, match=ARCHIVED):
        _edit_page(_page_request(editor, "post"), slug=product.slug)
    with pytest.raises(PermissionDenied, match="Seuls les éditeurs"):
        _edit_page(_page_request(agent, "post"), slug=product.slug)
    assert _read_page(_page_request(agent), slug=product.slug).status_code == 200


def test_a_per_object_rule_replaces_the_editor_rule(agent, editor):
    product = ProductFactory(editors=[editor])

    def owner_only(user, product, obj):
        return obj == user

    require_write(agent, product, agent, may_write=owner_only)
    with pytest.raises(PermissionDenied, match=NOT_AN_EDITOR):
        require_write(editor, product, agent, may_write=owner_only)


def test_restoring_may_be_allowed_on_an_archived_product(editor):
    product = ProductFactory(editors=[editor], archived=True)
    require_write(editor, product, allow_archived=True)


# --- API ---


class _NoteSerializer(serializers.Serializer):
    text = serializers.CharField()


class _NotesView(ProductScopedAPIMixin, generics.GenericAPIView):
    serializer_class = _NoteSerializer
    write_refusal = "Seuls les éditeurs du produit écrivent ses notes."
    written: list = []

    def get(self, request, slug):
        return Response({"product": self.product.slug})

    def post(self, request, slug):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.written.append(serializer.validated_data)
        return Response(status=201)


@pytest.fixture
def call():
    _NotesView.written = []

    def call(user, method, slug, data=None):
        request = getattr(APIRequestFactory(), method)("/api/v1/products/x/notes/", data, format="json")
        if user is not None:
            force_authenticate(request, user=user)
        return _NotesView.as_view()(request, slug=slug)

    return call


def test_api_reads_are_for_signed_in_callers_and_unknown_products_answer_404(call, agent):
    product = ProductFactory()
    assert call(agent, "get", product.slug).data == {"product": product.slug}
    assert call(None, "get", product.slug).status_code == 401
    assert call(agent, "get", "inconnu").status_code == 404
    assert call(agent, "post", "inconnu", {"text": "x"}).status_code == 404


def test_api_refuses_a_non_editor_before_validating_the_payload(call, agent, editor):
    product = ProductFactory()
    ProductFactory(editors=[editor])
    for user in (agent, editor):
        response = call(user, "post", product.slug, {"pas": "valide"})
        assert response.status_code == 403
        assert response.data == {"status": 403, "message": "Seuls les éditeurs du produit écrivent ses notes."}
    assert _NotesView.written == []


def test_api_lets_editors_and_administrators_write_and_validates_after_the_guard(call, editor):
    product = ProductFactory(editors=[editor])
    assert call(editor, "post", product.slug, {"pas": "valide"}).status_code == 400
    assert call(editor, "post", product.slug, {"text": "ok"}).status_code == 201
    assert call(AdminFactory(), "post", product.slug, {"text": "ok"}).status_code == 201
    assert _NotesView.written == [{"text": "ok"}, {"text": "ok"}]


def test_api_refuses_writes_to_an_archived_product_with_the_same_message(call, editor):
    product = ProductFactory(editors=[editor], archived=True)
    response = call(editor, "post", product.slug, {"text": "ok"})
    assert (response.status_code, response.data["message"]) == (403, ARCHIVED)
    assert call(UserFactory(), "get", product.slug).status_code == 200
    assert _NotesView.written == []
