from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from rest_framework.authtoken.admin import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from .models import User

admin.site.site_header = "Administration d’Équipage"
admin.site.site_title = "Équipage"
admin.site.index_title = "Comptes, organisations et référentiels"
# API tokens are secrets shown once to their owner; administrators do not get to read them.
admin.site.unregister(TokenProxy)


def _unique_email(form, email: str) -> str:
    """Addresses are stored in lower case: two spellings of one address are the same account."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists():
        raise ValidationError("Un compte existe déjà avec cette adresse électronique.")
    return email


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def clean_email(self) -> str:
        return _unique_email(self, self.cleaned_data["email"])


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _unique_email(self, self.cleaned_data["email"])


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Accounts are created here by portfolio administrators; they are deactivated, never deleted."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("last_name", "first_name")
    list_display = ("email", "first_name", "last_name", "is_portfolio_admin", "is_active", "last_login")
    list_filter = ("is_portfolio_admin", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Droits", {"fields": ("is_active", "is_portfolio_admin", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
