"""The fictional ministry of the demo portfolio: its directorates, its people and its products."""

ORGANISATIONS = [
    # (name, acronym, kind)
    ("Direction du numérique", "DNUM", "dnum"),
    ("Direction générale de l’emploi et des compétences", "DGEC", "direction_metier"),
    ("Direction des solidarités et de l’inclusion", "DSI", "direction_metier"),
    ("Direction des affaires juridiques", "DAJ", "direction_metier"),
    ("Direction des ressources humaines", "DRH", "direction_metier"),
    ("Direction de la santé au travail", "DST", "direction_metier"),
    ("Agence nationale des parcours professionnels", "ANPP", "operateur"),
]

FIRST_NAMES = [
    "Camille", "Claire", "Julien", "Sophie", "Karim", "Nadia", "Thomas", "Léa", "Mathieu", "Inès",
    "Antoine", "Fatou", "Hugo", "Élodie", "Yann", "Amina", "Pierre", "Chloé", "Samir", "Aurélie",
    "Nicolas", "Manon", "Olivier", "Sarah", "Benoît", "Lucie", "Rachid", "Émilie", "Vincent", "Justine",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Laurent", "Benali", "Moreau", "Lefèvre", "Garcia", "Roux", "Fontaine",
    "Mercier", "Diallo", "Blanc", "Guérin", "Le Gall", "Haddad", "Chevalier", "Morel", "Girard", "Nguyen",
    "Perrin", "Lambert", "Faure", "Rousseau", "Masson", "Henry", "Boyer", "Colin", "Picard", "Lemoine",
]
JOB_TITLES = [
    "Cheffe de bureau", "Chef de projet", "Product manager", "Responsable produit", "Coach produit",
    "Développeur", "Designer", "Chargée de mission", "Responsable de la sécurité des systèmes d’information",
    "Déléguée à la protection des données", "Chercheuse en expérience utilisateur", "Sous-directeur",
]

# (slug, name, pitch, problem, vision, target users, sponsor acronym, phase, governance, public service)
PRODUCTS = [
    (
        "mon-parcours-emploi",
        "Mon parcours emploi",
        "Un espace unique où chaque demandeur d’emploi suit ses démarches et ses rendez-vous.",
        "Les demandeurs d’emploi jonglent entre plusieurs sites et perdent le fil de leurs démarches.",
        "Chaque personne sait à tout moment où elle en est et quelle est la prochaine étape.",
        "Demandeurs d’emploi, conseillers en agence.",
        "DGEC", "acceleration", "metier_pm", True,
    ),
    (
        "aides-inclusion",
        "Aides inclusion",
        "Simuler et demander en ligne les aides à l’insertion professionnelle.",
        "Les structures d’insertion remplissent des dossiers papier longs et souvent incomplets.",
        "Une demande complète en dix minutes, instruite en une semaine.",
        "Structures d’insertion, instructeurs des directions régionales.",
        "DSI", "construction", "co_responsabilite", True,
    ),
    (
        "registre-accords",
        "Registre des accords d’entreprise",
        "Déposer et consulter les accords collectifs d’entreprise.",
        "Le dépôt des accords passe par courriel et leur publication prend des mois.",
        "Un dépôt en ligne contrôlé automatiquement et une publication en quelques jours.",
        "Entreprises, organisations syndicales, agents des unités départementales.",
        "DAJ", "perennisation", "pm_dnum", True,
    ),
    (
        "atlas-hebergement",
        "Atlas — plateforme d’hébergement",
        "La plateforme d’hébergement mutualisée des applications du ministère.",
        "Chaque projet montait sa propre infrastructure, coûteuse et difficile à sécuriser.",
        "Déployer un service en production en une journée, sur un socle homologué.",
        "Équipes de développement du ministère.",
        "DNUM", "perennisation", "porte_dnum", False,
    ),
    (
        "demat-social",
        "Démat’ social",
        "Dématérialiser les démarches sociales des entreprises auprès des services déconcentrés.",
        "Les formulaires Cerfa papier sont ressaisis par les agents.",
        "Zéro ressaisie, un suivi en ligne pour l’entreprise.",
        "Entreprises, agents instructeurs.",
        "DNUM", "acceleration", "porte_dnum", True,
    ),
    (
        "sirh-mobilite",
        "Bourse des mobilités",
        "Publier les postes vacants et candidater en interne.",
        "Les agents découvrent les postes trop tard, par des listes diffusées par courriel.",
        "Chaque agent trouve en quelques clics les postes qui correspondent à son profil.",
        "Agents du ministère, gestionnaires RH.",
        "DRH", "construction", "metier_pm", False,
    ),
    (
        "prevention-risques",
        "Prévention des risques professionnels",
        "Aider les petites entreprises à évaluer leurs risques professionnels.",
        "Le document unique d’évaluation des risques est perçu comme une formalité incompréhensible.",
        "Une évaluation guidée, adaptée au métier, en moins d’une heure.",
        "Employeurs de TPE et PME, préventeurs.",
        "DST", "investigation", "pm_dnum", True,
    ),
    (
        "suivi-controles",
        "Suivi des contrôles",
        "Planifier et tracer les contrôles des agents de terrain.",
        "Les contrôles sont suivis dans des tableurs locaux impossibles à consolider.",
        "Une vue nationale des contrôles, à jour chaque jour.",
        "Agents de contrôle, responsables d’unité.",
        "DST", "construction", "co_responsabilite", False,
    ),
    (
        "formation-competences",
        "Passeport compétences",
        "Rassembler les formations et certifications d’une personne dans un passeport numérique.",
        "Les justificatifs de formation sont éparpillés et se perdent.",
        "Un passeport que la personne garde et partage quand elle veut.",
        "Actifs, organismes de formation, employeurs.",
        "ANPP", "acceleration", "co_responsabilite", True,
    ),
    (
        "juridique-avis",
        "Avis juridiques",
        "Demander et retrouver les avis de la direction des affaires juridiques.",
        "Les demandes d’avis arrivent par de multiples canaux et les réponses ne sont pas capitalisées.",
        "Un guichet unique et une base des avis rendus, consultable par tous les services.",
        "Services du ministère, juristes.",
        "DAJ", "investigation", "metier_pm", False,
    ),
    (
        "observatoire-insertion",
        "Observatoire de l’insertion",
        "Publier chaque mois les chiffres de l’insertion par l’activité économique.",
        "Les chiffres sont publiés une fois par an, trop tard pour piloter.",
        "Des données ouvertes mensuelles que chacun peut réutiliser.",
        "Décideurs publics, chercheurs, journalistes.",
        "DSI", "acceleration", "pm_dnum", True,
    ),
    (
        "ancien-extranet",
        "Ancien extranet des partenaires",
        "Le portail historique d’échange de fichiers avec les partenaires.",
        "Technologie obsolète, remplacée par les démarches en ligne.",
        "Fermeture accompagnée, après migration des derniers usages.",
        "Partenaires institutionnels.",
        "DGEC", "fin_de_vie", "pm_dnum", False,
    ),
]

GENERATED_NOUNS = [
    "Portail", "Espace", "Guichet", "Registre", "Tableau de bord", "Simulateur", "Carnet", "Plateforme",
    "Annuaire", "Observatoire", "Service", "Assistant",
]
GENERATED_TOPICS = [
    "des aides à l’embauche", "des agents", "de l’apprentissage", "des formations", "des contrôles",
    "de la médiation", "des subventions", "des entreprises adaptées", "du dialogue social", "des saisonniers",
    "des recrutements", "de la santé au travail", "des démarches", "des partenaires", "des statistiques",
]
