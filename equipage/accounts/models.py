from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("Un compte doit avoir une adresse électronique.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_portfolio_admin", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class DigestFrequency(models.TextChoices):
    """How often the account's holder receives the e-mail summing up what is theirs to do."""

    WEEKLY = "hebdomadaire", "Chaque semaine (le lundi)"
    DAILY = "quotidien", "Chaque jour"
    NEVER = "jamais", "Jamais"


class User(AbstractBaseUser, PermissionsMixin):
    """An agent's account. Accounts are created by administrators: there is no self-signup."""

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    is_active = models.BooleanField(
        "actif", default=True, help_text="Décochez plutôt que de supprimer : l’historique garde le compte."
    )
    is_portfolio_admin = models.BooleanField(
        "administrateur du portefeuille",
        default=False,
        help_text="Peut tout faire : créer des produits et des comptes, modifier tout produit.",
    )
    is_staff = models.BooleanField("accès à l’administration", default=False, editable=False)
    date_joined = models.DateTimeField("créé le", default=timezone.now)
    digest_frequency = models.CharField(
        "résumé par courriel",
        max_length=12,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
        help_text="Le courriel qui résume ce que vous avez à faire : chaque semaine, chaque jour ou jamais.",
    )
    # Kept by the notifications (equipage.myspace) so that the header shows it without a query.
    unread_notifications = models.PositiveIntegerField("notifications non lues", default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notifications"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.lower()
        # Administration access follows the portfolio role rather than being managed on its own.
        self.is_staff = self.is_superuser or self.is_portfolio_admin
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.is_superuser or self.is_portfolio_admin)

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.is_administrator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_administrator or super().has_module_perms(app_label)


class SignInEvent(models.Model):
    """One line of the sign-in journal, read by administrators: successes, failures, delays and locks.

    Kept append-only (nobody edits it); the attempted address is kept even when no account matches.
    """

    class Kind(models.TextChoices):
        SUCCESS = "success", "Connexion réussie"
        FAILURE = "failure", "Échec"
        DELAYED = "delayed", "Tentative trop rapprochée"
        LOCKED = "locked", "Verrouillage"

    class Method(models.TextChoices):
        PASSWORD = "password", "Adresse et mot de passe"
        ADMIN = "admin", "Administration"
        PROCONNECT = "proconnect", "ProConnect"

    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    kind = models.CharField("événement", max_length=10, choices=Kind.choices)
    method = models.CharField("moyen", max_length=12, choices=Method.choices)
    email = models.CharField("adresse saisie", max_length=254, blank=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", verbose_name="compte", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True, db_index=True)
    user_agent = models.CharField("navigateur", max_length=255, blank=True)

    class Meta:
        verbose_name = "événement de connexion"
        verbose_name_plural = "journal des connexions"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.email or '?'} — {french.date_time(self.at)}"


class PersonalTokenQuerySet(models.QuerySet["PersonalToken"]):
    def usable(self) -> "PersonalTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PersonalToken(models.Model):
    """A personal API token (`Authorization: Token <secret>`): stored hashed, it expires, it can be revoked.

    The secret is shown once, at creation; only its SHA-256 and its first characters are kept. Every token
    of an account is revoked when its password changes.
    """

    MAX_DAYS = 365
    user = models.ForeignKey(
        "accounts.User", verbose_name="compte", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=100, help_text="À quoi sert ce jeton : « script de synchronisation »…")
    prefix = models.CharField("début du jeton", max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("expire le")
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    revoked_reason = models.CharField("motif de révocation", max_length=100, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    objects = PersonalTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton personnel"
        verbose_name_plural = "jetons personnels"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class CalendarToken(models.Model):
    """The private address of a person's deadlines calendar (`/echeances/calendrier/<secret>.ics`).

    A calendar application fetches it without signing in, so the secret is the only key: stored hashed
    (SHA-256, like the API tokens), shown once, regenerated at will (the previous one is revoked), revoked
    with the password. One usable token per account.
    """

    user = models.ForeignKey(
        "accounts.User", verbose_name="compte", on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    prefix = models.CharField("début du jeton", max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    revoked_reason = models.CharField("motif de révocation", max_length=100, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = "adresse d’agenda"
        verbose_name_plural = "adresses d’agenda"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Agenda des échéances ({self.prefix}…)"
