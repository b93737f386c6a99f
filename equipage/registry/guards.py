"""The product guard: how every product-scoped page and API route finds its product and who may write.

One rule set, the same on every page and API route under ``/produits/<slug>/…`` and
``/api/v1/products/<slug>/…``:

- the product is resolved from the URL once (keyword ``slug``, or ``product_slug``): an unknown
  product answers 404;
- every signed-in agent reads (anonymous visitors are sent to sign in by the middleware on pages,
  and get a 401 from the API);
- a write is allowed when ``may_write(user, product, obj)`` says so — by default
  :func:`~equipage.registry.permissions.can_edit_product` (the product's editors and portfolio
  administrators). Otherwise the answer is a 403 with a French message, and on the API it comes
  *before* the request body is parsed or validated: a refused caller learns nothing from field errors;
- an archived product is read-only: every write is refused with a 403 saying so, unless the route
  explicitly allows it (restoring the product).

Per-object rules plug in as the ``may_write`` callable (pages) or by overriding
:meth:`ProductScopedAPIMixin.may_write` (API). It receives the object being changed (``None`` for
a creation) and returns ``True``/``False``, or raises ``PermissionDenied`` with its own message.

Pages::

    @product_page(write=True, refusal="Seuls les éditeurs du produit gèrent ses rituels.")
    def ritual_create(request, product):  # product is resolved and checked; GET and POST alike
        ...

    @product_page()                      # read-only page: product resolved, 404 if unknown
    def ritual_list(request, product): ...

    @product_page()
    def membership_update(request, product, pk):
        membership = get_object_or_404(product.memberships, pk=pk)
        require_write(request.user, product, membership, may_write=can_change_membership)

API::

    class ProductRitualsView(ProductScopedAPIMixin, generics.ListCreateAPIView):
        write_refusal = "Seuls les éditeurs du produit gèrent ses rituels."

        def get_queryset(self):
            return Ritual.objects.filter(product=self.product)

``ProductScopedAPIMixin`` installs :class:`ProductWritePermission`; an ``APIView`` that looks up
its own object calls ``self.check_object_permissions(request, obj)`` before reading the body.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from rest_framework import exceptions, permissions

from .lookups import product_or_404
from .models import Product
from .permissions import can_edit_product

NOT_AN_EDITOR = "Vous n’êtes pas éditeur de ce produit."
ARCHIVED = "Ce produit est archivé : restaurez-le avant de le modifier."

UNSAFE = "unsafe"  # product_page(write=UNSAFE): GET reads, POST writes

MayWrite = Callable[[Any, Product | None, Any], bool]


def editors_write(user, product: Product | None, obj: Any = None) -> bool:
    """The default write rule: the product's editors and portfolio administrators."""
    return product is not None and can_edit_product(user, product)


def require_write(
    user,
    product: Product | None,
    obj: Any = None,
    *,
    may_write: MayWrite = editors_write,
    refusal: str = NOT_AN_EDITOR,
    archived_refusal: str = ARCHIVED,
    allow_archived: bool = False,
) -> None:
    """Raise ``PermissionDenied`` (a 403 page, or a JSON 403 from the API) unless the user may write.

    The write rule is asked first, so someone who may not write is told so even on an archived
    product; then an archived product refuses every write (unless ``allow_archived``).
    """
    if not may_write(user, product, obj):
        raise PermissionDenied(refusal)
    if product is not None and product.is_archived and not allow_archived:
        raise PermissionDenied(archived_refusal)


def product_page(
    view: Callable | None = None,
    *,
    write: bool | str = False,
    may_write: MayWrite = editors_write,
    refusal: str = NOT_AN_EDITOR,
    archived_refusal: str = ARCHIVED,
    allow_archived: bool = False,
    url_kwarg: str = "slug",
):
    """Decorate a product page: the view receives ``product`` instead of the slug.

    ``write=True``: every method of the page is a write (a form page: its GET is refused too to
    whoever may not submit it). ``write=UNSAFE``: the page reads on GET/HEAD and writes on POST
    (only the POST is guarded). Without it the page only reads. A page whose rule needs the object
    named in its URL calls :func:`require_write` itself once it has fetched it.
    """

    def decorate(function: Callable) -> Callable:
        @wraps(function)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            product = product_or_404(kwargs.pop(url_kwarg))
            if write is True or (write == UNSAFE and request.method not in permissions.SAFE_METHODS):
                require_write(
                    request.user,
                    product,
                    may_write=may_write,
                    refusal=refusal,
                    archived_refusal=archived_refusal,
                    allow_archived=allow_archived,
                )
            return function(request, product, *args, **kwargs)

        wrapper.product_guard = {"write": write}  # for introspection in tests
        return wrapper

    return decorate(view) if view is not None else decorate


class ProductWritePermission(permissions.BasePermission):
    """DRF permission of product-scoped API views: signed-in reads, guarded writes.

    Reads need an authenticated caller (401 otherwise). Writes go through the view's
    :meth:`ProductScopedAPIMixin.may_write` — in ``has_permission`` (before the body is read, without
    an object) and again in ``has_object_permission`` with the object being changed.
    """

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, request.method.lower(), None) is None:
            return True  # a method the route does not offer: the view answers 405, for everyone alike
        view.require_product_write(request, None)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        view.require_product_write(request, obj)
        return True


class ProductScopedAPIMixin:
    """Base of every API view under ``/api/v1/products/<slug>/…`` (and of the product registry itself).

    Gives ``self.product`` (resolved once, 404 when unknown; ``None`` on routes without a product
    such as the product list) and the write guard. Override :meth:`may_write` for per-object rules,
    ``write_refusal``/``archived_refusal`` for the French messages, :meth:`allows_archived_write`
    for a route that may write to an archived product.
    """

    product_url_kwargs = ("slug", "product_slug")
    permission_classes = [ProductWritePermission]
    write_refusal = NOT_AN_EDITOR
    archived_refusal = ARCHIVED

    @cached_property
    def product(self) -> Product | None:
        return self.get_product()

    def get_product(self) -> Product | None:
        """The product the route is about (override for a route that finds it elsewhere, once)."""
        for name in self.product_url_kwargs:
            if name in self.kwargs:
                return product_or_404(self.kwargs[name])
        return None

    def may_write(self, request, product: Product | None, obj: Any = None) -> bool:
        """Whether the caller writes here.

        Asked first with ``obj=None`` before the body is read (a creation, or any write: return
        ``True`` there to leave the decision to the object), then with the object being changed.
        """
        return editors_write(request.user, product, obj)

    def allows_archived_write(self, request) -> bool:
        return False

    def require_product_write(self, request, obj: Any = None) -> None:
        try:
            require_write(
                request.user,
                self.product,
                obj,
                may_write=lambda _user, product, obj: self.may_write(request, product, obj),
                refusal=self.write_refusal,
                archived_refusal=self.archived_refusal,
                allow_archived=self.allows_archived_write(request),
            )
        except PermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from refusal
