"""The committee kinds every portfolio starts with; administrators add others in /admin/."""

KINDS = [
    # (code, name, scope, is_steering, description)
    (
        "comite-pilotage",
        "Comité de pilotage",
        "produit",
        True,
        "Le pilotage d’un produit : avancement, objectifs, arbitrages.",
    ),
    (
        "comite-investissement",
        "Comité d’investissement",
        "produit",
        False,
        "Les moyens d’un produit : budget, recrutements, marchés.",
    ),
    (
        "comite-portefeuille",
        "Comité de portefeuille",
        "portefeuille",
        False,
        "La revue de plusieurs produits par une direction ou par la DNUM.",
    ),
    (
        "revue-passage-phase",
        "Revue de passage de phase (DNUM)",
        "produit",
        False,
        "La revue de la DNUM qui décide du passage d’un produit à la phase suivante.",
    ),
]


def install_default_kinds(model) -> None:
    """Add the default kinds that are missing (the model is passed so that migrations use their own)."""
    for position, (code, name, scope, is_steering, description) in enumerate(KINDS):
        model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "scope": scope,
                "is_steering": is_steering,
                "description": description,
                "position": position,
            },
        )
