"""One validator for a campaign, used by the form and the API: each refusal in French, nothing written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from equipage.checks.engine import RULES
from equipage.registry.models import Phase

from .models import Campaign, scoped_products

NON_FIELD = "__all__"


@dataclass
class CampaignData:
    """What a campaign is made of, as a form or the API submits it."""

    title: str = ""
    description: str = ""
    rule_codes: list[str] = field(default_factory=list)
    directorate_ids: list[int] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    public_services_only: bool = False
    target: int | None = None
    deadline: datetime.date | None = None


def rule_choices() -> list[tuple[str, str]]:
    """Every registered rule, by title: what a campaign may ask the portfolio to pass."""
    return sorted(((code, rule.title) for code, rule in RULES.items()), key=lambda c: c[1].lower())


def validate(data: CampaignData, today: datetime.date, instance: Campaign | None = None) -> dict[str, list[str]]:
    """The refusals, by field (`__all__` for the scope as a whole); empty when the campaign may be saved."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        refuse("title", "Donnez un intitulé à la campagne.")
    if not data.rule_codes:
        refuse("rule_codes", "Choisissez au moins une règle : une campagne demande au portefeuille de la respecter.")
    for code in data.rule_codes:
        if code not in RULES:
            refuse("rule_codes", f"Règle inconnue : « {code} ».")
    for phase in data.phases:
        if phase not in Phase.values:
            refuse("phases", f"Phase inconnue : « {phase} ».")
    if data.target is None:
        refuse("target", "Indiquez la cible : la part des produits du périmètre qui doivent respecter les règles.")
    elif not 1 <= data.target <= 100:
        refuse("target", "La cible est une part des produits du périmètre, entre 1 et 100 %.")
    if data.deadline is None:
        refuse("deadline", "Indiquez l’échéance de la campagne.")
    elif data.deadline < today and (instance is None or instance.deadline != data.deadline):
        refuse("deadline", "L’échéance ne peut pas être passée : choisissez aujourd’hui ou une date à venir.")
    if (
        not errors.get("phases")
        and not scoped_products(data.directorate_ids, data.phases, data.public_services_only).exists()
    ):
        refuse(
            NON_FIELD,
            "Ce périmètre ne compte aucun produit actif : choisissez d’autres directions ou phases, "
            "ou ne vous limitez pas aux services publics.",
        )
    return errors
