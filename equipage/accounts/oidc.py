"""Sign-in with ProConnect, the State's identity federation for agents (OpenID Connect)."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


class ProConnectBackend(OIDCAuthenticationBackend):
    """Match the ProConnect identity to an existing active account by e-mail; never create one."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def update_user(self, user, claims):
        changed = False
        for field, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
            value = (claims.get(claim) or "").strip()
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save(update_fields=["first_name", "last_name", "is_staff"])
        return user


def _require_proconnect(view_class):
    class Guarded(view_class):
        def dispatch(self, request, *args, **kwargs):
            if not settings.PROCONNECT_ENABLED:
                raise Http404("ProConnect n’est pas configuré.")
            return super().dispatch(request, *args, **kwargs)

    Guarded.__name__ = view_class.__name__
    return method_decorator(login_not_required, name="dispatch")(Guarded)


ProConnectLoginView = _require_proconnect(OIDCAuthenticationRequestView)


class _FailSafeCallbackView(OIDCAuthenticationCallbackView):
    """A forged state or a bad signature sends the agent back to sign-in with a French message, not a bare 400."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except SuspiciousOperation:
            logger.warning("ProConnect callback refused as suspicious", exc_info=True)
            return self.login_failure()


ProConnectCallbackView = _require_proconnect(_FailSafeCallbackView)
