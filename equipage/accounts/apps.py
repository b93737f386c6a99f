from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "equipage.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from . import signin, tokens  # noqa: F401  (tokens: revoked when the password changes)

        signin.connect_lock_signal()
