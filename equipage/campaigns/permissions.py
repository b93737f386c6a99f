"""Who may do what with campaigns: everyone signed in reads; only portfolio administrators write."""


def can_manage_campaigns(user) -> bool:
    return user.is_authenticated and user.is_administrator


REFUSAL = "Seuls les administrateurs du portefeuille ouvrent, modifient et clôturent les campagnes."
