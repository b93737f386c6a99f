"""The catalogue of roles on a product team, with the guide and self-assessment of each.

Roles are defined in code rather than in the database: the responsibility matrix, the vigilance
rules and the self-assessments all refer to them by their stable slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


class Role(models.TextChoices):
    POLICY_OWNER = "responsable_metier", "Responsable métier"
    PRODUCT_OWNER = "responsable_produit", "Responsable produit (co-chef de produit DNUM)"
    PRODUCT_MANAGER = "product_manager", "Product manager"
    POLICY_EXPERT = "expert_metier", "Expert métier"
    PRODUCT_COACH = "coach_produit", "Coach produit"
    DEVELOPER = "developpeur", "Développeur ou développeuse"
    DESIGNER = "designer", "Designer"
    USER_RESEARCHER = "chercheur_utilisateur", "Chercheur ou chercheuse en expérience utilisateur"
    TECH_LEAD = "responsable_technique", "Responsable technique"
    SECURITY_OFFICER = "rssi", "RSSI (sécurité des systèmes d’information)"
    DATA_PROTECTION_OFFICER = "dpo", "DPO (protection des données)"


# Holders of these roles lead the product: they may change its sheet, team and matrix.
PRODUCT_LEADING_ROLES = frozenset({Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER})

# Roles a product normally gives to one person at a time: a second holder is allowed, after a warning.
SINGLE_HOLDER_ROLES = frozenset(
    {
        Role.POLICY_OWNER,
        Role.PRODUCT_OWNER,
        Role.PRODUCT_MANAGER,
        Role.PRODUCT_COACH,
        Role.SECURITY_OFFICER,
        Role.DATA_PROTECTION_OFFICER,
    }
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str


@dataclass(frozen=True)
class RoleGuide:
    role: Role
    summary: str
    purpose: list[str]
    missions: list[str]
    watch_points: list[str]
    questions: list[Question] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.role.value.replace("_", "-")

    @property
    def label(self) -> str:
        return self.role.label


GUIDES: dict[Role, RoleGuide] = {
    Role.POLICY_OWNER: RoleGuide(
        role=Role.POLICY_OWNER,
        summary=(
            "Il vient de la direction métier et répond de l’adéquation entre le service numérique et la "
            "politique publique qu’il sert. Selon la configuration, il est lui-même product manager, "
            "partage la responsabilité avec la DNUM, ou apporte son expertise à un PM de la DNUM."
        ),
        purpose=[
            "Garder le service ancré dans la réalité du terrain et de l’institution.",
            "Relier chaque fonctionnalité à un enjeu de politique publique, pour donner du sens à l’équipe.",
            "Faire adopter le service en coordonnant son déploiement auprès des agents et des usagers.",
        ],
        missions=[
            "Porter la vision, fixer les priorités et tenir la feuille de route quand il est PM.",
            "Arbitrer les évolutions du produit, avec le responsable produit.",
            "Prendre part à la recherche utilisateur : entretiens, tests d’utilisabilité.",
            "Piloter le déploiement et l’accompagnement au changement.",
            "Mesurer l’impact avec des indicateurs et veiller à la publication des statistiques.",
            "Répondre de la conformité légale : loi, RGPD, formalités CNIL.",
        ],
        watch_points=[
            "Quand il est PM : au moins 60 % de son temps consacré au produit.",
            "Une formation aux méthodes produit : priorisation, indicateurs, agilité.",
            "Un coach produit de la DNUM aux côtés de l’équipe.",
            "Le risque de manquer de recul sur l’expérience utilisateur et la technique.",
        ],
        questions=[
            Question("temps", "Ai-je le temps et les moyens de tenir ce rôle dans la durée ?"),
            Question(
                "vision", "Ma vision de ce que le service doit permettre aux usagers et aux agents est-elle claire ?"
            ),
            Question("priorisation", "Est-ce que je priorise les besoins de façon réaliste, selon l’impact attendu ?"),
            Question("tests", "Est-ce que je participe régulièrement aux échanges avec les usagers et aux tests ?"),
            Question("collaboration", "Est-ce que je travaille au quotidien avec le reste de l’équipe ?"),
            Question(
                "indicateurs", "Est-ce que je m’appuie sur des indicateurs pour juger de l’efficacité du service ?"
            ),
        ],
    ),
    Role.PRODUCT_OWNER: RoleGuide(
        role=Role.PRODUCT_OWNER,
        summary=(
            "Côté DNUM, il accompagne le responsable métier dans la construction et le déploiement du "
            "service : facilitateur, référent des pratiques produit et coordinateur du quotidien. Quand le "
            "produit est conçu par et pour la DNUM, il le porte entièrement."
        ),
        purpose=[
            "Rendre le dispositif soutenable et préserver l’équipe.",
            "Fluidifier les développements.",
            "Faire respecter les standards de qualité, d’accessibilité et de sécurité.",
            "Décharger le responsable métier de l’opérationnel pour qu’il se concentre sur la vision.",
        ],
        missions=[
            "Suivre, arbitrer et coordonner le travail des équipes de développement.",
            "Faire vivre le cadre agile : itérations, rituels, vision partagée.",
            "Conduire l’homologation de sécurité avec le RSSI.",
            "Aider à écrire et prioriser les récits utilisateur.",
            "Mener la recette en continu : vérifier ce qui est livré.",
            "Tenir la conformité aux référentiels RGAA, RGS et RGESN.",
        ],
        watch_points=[
            "Un partage des responsabilités entre DNUM et métier écrit et connu de tous.",
            "La sécurité et l’homologation inscrites dans la feuille de route, pas en fin de projet.",
        ],
        questions=[
            Question("partage", "Le partage des responsabilités entre la DNUM et le métier est-il clair ?"),
            Question("appui", "Est-ce que j’aide l’équipe à avancer efficacement au quotidien ?"),
            Question("pratiques", "Les bonnes pratiques produit sont-elles connues et appliquées ?"),
            Question("securite", "La sécurité et l’homologation sont-elles prévues dans la feuille de route ?"),
            Question(
                "recette", "Suis-je en mesure d’accompagner l’écriture des récits et de mener la recette en continu ?"
            ),
        ],
    ),
    Role.PRODUCT_MANAGER: RoleGuide(
        role=Role.PRODUCT_MANAGER,
        summary=(
            "Il répond du succès du produit : un service qui règle un vrai problème des usagers tout en "
            "servant les objectifs du métier. Le rôle peut être tenu par le métier, par la DNUM, ou partagé."
        ),
        purpose=[
            "S’assurer que le produit répond à des besoins réels.",
            "Prioriser pour maximiser l’impact.",
            "Coordonner les parties prenantes.",
            "Assurer l’adoption et la pérennité du service.",
        ],
        missions=[
            "Construire une vision claire à partir de la recherche utilisateur et des données, et la partager.",
            "Tenir une feuille de route alignée sur les priorités du métier et de l’équipe.",
            "Fixer des objectifs mesurables et suivre les indicateurs.",
            "Travailler avec designers, chercheurs et développeurs.",
            "Tester régulièrement et ajuster la stratégie selon les résultats.",
        ],
        watch_points=[
            "Garder le lien avec le métier et s’immerger régulièrement dans le terrain.",
            "Éviter les décisions contradictoires quand le rôle est partagé.",
        ],
        questions=[
            Question(
                "vision_partagee", "La vision du produit est-elle claire et partagée par toutes les parties prenantes ?"
            ),
            Question(
                "decisions_donnees",
                "Les décisions de l’équipe reposent-elles sur les retours des usagers et sur des données ?",
            ),
            Question("cap", "L’équipe sait-elle où elle va et pourquoi ? Chacun voit-il sa contribution ?"),
            Question("impact", "Mesurons-nous l’effet de chaque évolution sur les usagers ?"),
        ],
    ),
    Role.POLICY_EXPERT: RoleGuide(
        role=Role.POLICY_EXPERT,
        summary=(
            "Quand un product manager de la DNUM pilote le produit, l’expert métier apporte la connaissance "
            "de la politique publique : besoins, enjeux, règles, et la validation des solutions."
        ),
        purpose=[
            "Éviter l’écart entre le produit et les besoins du terrain.",
            "Faire entrer les contraintes réglementaires et métier dans le produit dès la conception.",
        ],
        missions=[
            "Exprimer les besoins et partager les enjeux du métier.",
            "Valider les solutions proposées.",
            "Participer aux tests et à l’amélioration continue.",
            "Relayer les retours du terrain et accompagner les agents dans le changement.",
        ],
        watch_points=[
            "Du temps réellement réservé au produit : un expert indisponible décale le produit du terrain.",
            "Une communication régulière avec le PM pour éviter les décisions contradictoires.",
        ],
        questions=[
            Question("besoins_compris", "L’équipe produit comprend-elle bien les besoins du métier ?"),
            Question("adoption", "Les solutions livrées sont-elles adoptées et efficaces sur le terrain ?"),
            Question("retours", "Les retours du terrain sont-ils pris en compte pour améliorer le produit ?"),
            Question("accompagnement", "Les agents et les usagers sont-ils accompagnés dans le changement ?"),
        ],
    ),
    Role.PRODUCT_COACH: RoleGuide(
        role=Role.PRODUCT_COACH,
        summary=(
            "Membre de la DNUM, il accompagne l’équipe pour structurer sa pratique produit, surtout quand le "
            "métier tient le rôle de PM."
        ),
        purpose=["Installer durablement les pratiques produit dans l’équipe et chez le métier."],
        missions=[
            "Repérer ce qui manque à l’équipe : prérequis, rôles, rituels.",
            "Former et outiller le responsable métier : priorisation, indicateurs, agilité.",
            "Animer les autodiagnostics et aider à en tirer des actions.",
        ],
        watch_points=["Un accompagnement régulier, pas seulement au lancement."],
        questions=[
            Question("prerequis", "Les prérequis de l’équipe sont-ils réunis (temps, formation, rôles) ?"),
            Question("pratiques", "Les pratiques produit progressent-elles d’un trimestre à l’autre ?"),
        ],
    ),
    Role.DEVELOPER: RoleGuide(
        role=Role.DEVELOPER,
        summary="Il construit le service, en petites livraisons fréquentes, avec l’équipe produit.",
        purpose=["Livrer un service fiable, maintenable et sûr."],
        missions=[
            "Développer et tester les fonctionnalités.",
            "Réutiliser les communs numériques.",
            "Assurer l’exploitation.",
        ],
        watch_points=["Une dette technique visible et traitée."],
        questions=[Question("qualite", "Les livraisons sont-elles testées et faciles à déployer ?")],
    ),
    Role.DESIGNER: RoleGuide(
        role=Role.DESIGNER,
        summary="Il conçoit les parcours et les interfaces avec les usagers, dans le système de design de l’État.",
        purpose=["Un service simple et accessible à tous."],
        missions=["Concevoir les parcours.", "Prototyper et tester avec les usagers.", "Veiller à l’accessibilité."],
        watch_points=["Des tests avec de vrais usagers à chaque étape."],
        questions=[Question("usagers", "Testons-nous nos maquettes avec de vrais usagers ?")],
    ),
    Role.USER_RESEARCHER: RoleGuide(
        role=Role.USER_RESEARCHER,
        summary="Il mène la recherche utilisateur : entretiens, observations, tests d’utilisabilité.",
        purpose=["Fonder les décisions sur la connaissance des usagers."],
        missions=["Mener entretiens et observations.", "Organiser les tests d’utilisabilité.", "Restituer à l’équipe."],
        watch_points=["Des enseignements partagés et utilisés pour prioriser."],
        questions=[Question("restitution", "Les enseignements de la recherche nourrissent-ils le backlog ?")],
    ),
    Role.TECH_LEAD: RoleGuide(
        role=Role.TECH_LEAD,
        summary="Il tient les choix techniques et l’architecture du service.",
        purpose=["Une architecture sobre, sûre et réutilisable."],
        missions=[
            "Définir l’architecture.",
            "Veiller à la sécurité et à l’écoconception.",
            "Accompagner les développeurs.",
        ],
        watch_points=["Des choix techniques documentés."],
        questions=[Question("architecture", "Les choix techniques sont-ils documentés et partagés ?")],
    ),
    Role.SECURITY_OFFICER: RoleGuide(
        role=Role.SECURITY_OFFICER,
        summary="Il conseille l’équipe sur la sécurité et prépare l’homologation RGS avec le responsable produit.",
        purpose=["Un service homologué, dont les risques sont connus et acceptés."],
        missions=[
            "Conduire l’analyse de risques.",
            "Préparer le dossier d’homologation.",
            "Suivre les mesures de sécurité.",
        ],
        watch_points=["Une homologation à renouveler avant son échéance."],
        questions=[Question("homologation", "L’homologation est-elle à jour et ses conditions suivies ?")],
    ),
    Role.DATA_PROTECTION_OFFICER: RoleGuide(
        role=Role.DATA_PROTECTION_OFFICER,
        summary="Il conseille l’équipe sur la protection des données personnelles (RGPD).",
        purpose=["Des traitements de données licites, proportionnés et documentés."],
        missions=[
            "Tenir le registre des traitements.",
            "Conseiller sur les analyses d’impact (AIPD).",
            "Rendre ses avis.",
        ],
        watch_points=["Une AIPD faite avant la mise en production quand elle est requise."],
        questions=[Question("registre", "Les traitements du produit sont-ils inscrits au registre ?")],
    ),
}

GUIDES_BY_SLUG: dict[str, RoleGuide] = {guide.slug: guide for guide in GUIDES.values()}


def guide_for(role: str) -> RoleGuide:
    return GUIDES[Role(role)]
