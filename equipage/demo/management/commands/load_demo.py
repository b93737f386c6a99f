"""Build the demo portfolio: deterministic, fictional, and safe to run again (it only adds what is missing)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from equipage.accounts.models import User
from equipage.budget.demo import load_demo_budget
from equipage.campaigns.demo import load_demo_campaigns
from equipage.checks.store import refresh_all
from equipage.committees.demo import load_demo_committees
from equipage.compliance.demo import load_demo_compliance
from equipage.core import french
from equipage.delivery.demo import load_demo_delivery
from equipage.demo import data
from equipage.deviations.demo import load_demo_deviations
from equipage.governance.demo import load_demo_governance
from equipage.indicators.demo import load_demo_indicators
from equipage.indicators.models import Frequency, Indicator, Measurement, Objective, Origin, Unit
from equipage.myspace.demo import load_demo_myspace
from equipage.people.models import Organisation, Person
from equipage.registry.models import Governance, Phase, Product
from equipage.selfassessment.demo import load_demo_self_assessments
from equipage.teams.models import Membership
from equipage.teams.roles import PRODUCT_LEADING_ROLES, Role
from equipage.trends.demo import load_demo_trends

DEMO_ACCOUNTS = [
    # (email, first name, last name, portfolio admin, description)
    ("admin@equipage.example", "Camille", "Martin", True, "administratrice du portefeuille (DNUM)"),
    (
        "claire.dubois@equipage.example",
        "Claire",
        "Dubois",
        False,
        "responsable métier de deux produits (elle peut les modifier)",
    ),
    (
        "julien.laurent@equipage.example",
        "Julien",
        "Laurent",
        False,
        "responsable produit DNUM de deux produits (il peut les modifier)",
    ),
    ("agent@equipage.example", "Sophie", "Bernard", False, "agente en lecture seule"),
]


# Portfolios at scale (`--products N` beyond the hand-written products): about three people per
# generated product, each on one to four products, and about ten memberships per product.
GENERATED_DOMAIN = "@equipes.example"
PEOPLE_PER_GENERATED_PRODUCT = 3
SLOTS_CYCLE = [4, 4, 3, 1, 4, 4]  # products per generated person: 3.33 on average
TEAM_SIZE = 10
TEAM_FILLERS = [
    Role.DEVELOPER,
    Role.DEVELOPER,
    Role.DESIGNER,
    Role.TECH_LEAD,
    Role.DEVELOPER,
    Role.USER_RESEARCHER,
    Role.SECURITY_OFFICER,
    Role.DATA_PROTECTION_OFFICER,
    Role.DEVELOPER,
]
HAND_WRITTEN = {row[0] for row in data.PRODUCTS}


class Command(BaseCommand):
    help = "Charge le portefeuille de démonstration (idempotent : n’ajoute que ce qui manque)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=len(data.PRODUCTS), help="nombre de produits voulus")
        parser.add_argument("--seed", type=int, default=2026, help="graine du générateur pseudo-aléatoire")
        parser.add_argument(
            "--if-empty", action="store_true", help="ne rien faire si la base contient déjà des produits"
        )
        parser.add_argument(
            "--measurements",
            type=int,
            default=0,
            help="ajoute environ ce nombre de mesures quotidiennes aux produits générés (bancs d’essai)",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Product.objects.exists():
            self.stdout.write("La base contient déjà des produits : démonstration non rechargée.")
        else:
            with transaction.atomic():
                created = self.load(options["products"], options["seed"], options["measurements"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Portefeuille de démonstration prêt ({french.plural(created, 'produit')} "
                    f"{french.agree('ajouté', plural=created > 1)})."
                )
            )
        self.print_accounts()

    def print_accounts(self) -> None:
        self.stdout.write("\nComptes de démonstration :")
        for email, _first, _last, _admin, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:36} {description}")
        self.stdout.write(
            f"  mot de passe commun : {settings.EQUIPAGE_DEMO_PASSWORD} (à changer avec EQUIPAGE_DEMO_PASSWORD)\n"
        )

    def load(self, product_count: int, seed: int, measurements: int = 0) -> int:
        organisations = self.load_organisations()
        users = self.load_accounts()
        self.load_people(organisations, users, seed)
        self.load_generated_people(organisations, product_count - len(data.PRODUCTS), seed)
        created = self.load_products(organisations, users, product_count, seed)
        self.load_teams(seed)
        load_demo_governance({product.slug: product for product in Product.objects.filter(slug__in=data.TEAMS)})
        load_demo_self_assessments(seed, list(data.TEAMS))
        load_demo_compliance(seed)
        load_demo_indicators(seed, [row[0] for row in data.PRODUCTS])
        if measurements:
            self.load_measurement_histories(measurements, seed)
        load_demo_committees(seed, [row[0] for row in data.PRODUCTS])
        load_demo_budget(seed, [row[0] for row in data.PRODUCTS])
        load_demo_delivery(seed, [row[0] for row in data.PRODUCTS])
        load_demo_deviations()
        load_demo_myspace()
        refresh_all()  # much of the demo is written in bulk, without signals
        load_demo_trends(seed)  # a year of weekly snapshots, then today's, from the findings just stored
        load_demo_campaigns(DEMO_ACCOUNTS[0][0])
        return created

    def load_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for name, acronym, kind in data.ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"acronym": acronym, "kind": kind})
            organisations[acronym] = organisation
        return organisations

    def load_accounts(self) -> dict[str, User]:
        users = {}
        for email, first_name, last_name, is_admin, _description in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    settings.EQUIPAGE_DEMO_PASSWORD,
                    first_name=first_name,
                    last_name=last_name,
                    is_portfolio_admin=is_admin,
                )
            users[email] = user
        return users

    def load_people(self, organisations: dict[str, Organisation], users: dict[str, User], seed: int) -> None:
        rng = random.Random(seed)
        existing = set(Person.objects.values_list("email", flat=True))
        account_orgs = {"admin@equipage.example": "DNUM", "julien.laurent@equipage.example": "DNUM"}
        for user in users.values():
            if user.email not in existing:
                Person.objects.create(
                    first_name=user.first_name,
                    last_name=user.last_name,
                    email=user.email,
                    organisation=organisations[account_orgs.get(user.email, "DGEC")],
                    job_title="Agent",
                    user=user,
                )
        acronyms = sorted(organisations)
        new_people = []
        for index, (first_name, last_name) in enumerate(zip(data.FIRST_NAMES, data.LAST_NAMES, strict=True)):
            email = f"{slugify(first_name)}.{slugify(last_name)}.{index}@ministere.example"
            organisation = organisations[acronyms[rng.randrange(len(acronyms))]]
            job_title = data.JOB_TITLES[rng.randrange(len(data.JOB_TITLES))]
            if email not in existing:
                new_people.append(
                    Person(
                        first_name=first_name,
                        last_name=last_name,
                        email=email,
                        organisation=organisation,
                        job_title=job_title,
                    )
                )
        bulk_create_with_history(new_people, Person)

    def load_generated_people(self, organisations: dict[str, Organisation], generated_products: int, seed: int) -> None:
        """About three people per generated product, for portfolios at scale (benchmarks)."""
        wanted = PEOPLE_PER_GENERATED_PRODUCT * max(generated_products, 0)
        if not wanted:
            return
        existing = set(Person.objects.filter(email__endswith=GENERATED_DOMAIN).values_list("email", flat=True))
        acronyms = sorted(organisations)
        people = []
        for index in range(wanted):
            first_name = data.FIRST_NAMES[index % len(data.FIRST_NAMES)]
            last_name = data.LAST_NAMES[(index // len(data.FIRST_NAMES) + index) % len(data.LAST_NAMES)]
            email = f"{slugify(first_name)}.{slugify(last_name)}.g{index}{GENERATED_DOMAIN}"
            if email in existing:
                continue
            rng = random.Random(f"{seed}-person-{index}")
            people.append(
                Person(
                    first_name=first_name,
                    last_name=last_name,
                    email=email,
                    organisation=organisations[acronyms[rng.randrange(len(acronyms))]],
                    job_title=data.JOB_TITLES[rng.randrange(len(data.JOB_TITLES))],
                    trained_in_product_methods=rng.random() < 0.6,
                )
            )
        bulk_create_with_history(people, Person, batch_size=1000)

    def load_products(
        self, organisations: dict[str, Organisation], users: dict[str, User], product_count: int, seed: int
    ) -> int:
        existing = set(Product.objects.values_list("slug", flat=True))
        admin = users["admin@equipage.example"]
        now = timezone.now()
        created = 0

        # Hand-written products first: they carry a realistic history of edits by named people.
        for index, row in enumerate(data.PRODUCTS[:product_count]):
            slug, name, pitch, problem, vision, target_users, sponsor, phase, governance, public = row
            if slug in existing:
                continue
            created_on = now - timedelta(days=700 - index * 37)
            product = Product(
                slug=slug,
                name=name,
                pitch=pitch,
                problem=problem,
                vision=vision,
                target_users=target_users,
                sponsor=organisations[sponsor],
                phase=Phase.INVESTIGATION if phase != Phase.INVESTIGATION else phase,
                governance=governance,
                is_public_service=public,
                service_url=f"https://{slug}.example.gouv.fr" if public else "",
                source_code_url=f"https://forge.example.gouv.fr/ministere/{slug}",
            )
            product._history_user = admin
            product._history_date = created_on
            product.save()
            if product.phase != phase:
                product.phase = phase
                product._history_user = users.get(self.leader_of(slug)) or admin
                product._history_date = created_on + timedelta(days=120)
                product.save()
            # The sheet's own dates follow the history written above, not the moment the demo ran.
            Product.objects.filter(pk=product.pk).update(
                created_at=created_on, updated_at=created_on + timedelta(days=120)
            )
            if phase == Phase.END_OF_LIFE:
                product.archived_at = min(created_on + timedelta(days=300), now - timedelta(days=20))
                product._history_user = admin
                product._history_date = product.archived_at
                product.save()
            created += 1

        # Generated products, for larger portfolios (benchmarks): written in bulk.
        generated = []
        acronyms = sorted(organisations)
        phases = [choice for choice, _ in Phase.choices]
        configurations = [choice for choice, _ in Governance.choices]
        for index in range(len(data.PRODUCTS), product_count):
            rng = random.Random(f"{seed}-{index}")
            noun = data.GENERATED_NOUNS[rng.randrange(len(data.GENERATED_NOUNS))]
            topic = data.GENERATED_TOPICS[rng.randrange(len(data.GENERATED_TOPICS))]
            name = f"{noun} {topic} n° {index + 1}"
            slug = slugify(name)[:80]
            if slug in existing:
                continue
            public = rng.random() < 0.5
            generated.append(
                Product(
                    slug=slug,
                    name=name,
                    pitch=f"{noun} pour simplifier la gestion {topic}.",
                    problem="Les démarches reposent encore sur des échanges de fichiers et des ressaisies.",
                    vision="Un service simple, mesuré et amélioré en continu avec ses usagers.",
                    target_users="Agents et usagers concernés.",
                    sponsor=organisations[acronyms[rng.randrange(len(acronyms))]],
                    phase=phases[rng.randrange(len(phases))],
                    governance=configurations[rng.randrange(len(configurations))],
                    is_public_service=public,
                    service_url=f"https://{slug[:40]}.example.gouv.fr" if public else "",
                )
            )
        bulk_create_with_history(generated, Product, batch_size=500, default_user=admin)
        return created + len(generated)

    @staticmethod
    def leader_of(slug: str) -> str | None:
        for who, role, *_rest in data.TEAMS.get(slug, []):
            if isinstance(who, str) and role in PRODUCT_LEADING_ROLES:
                return who
        return None

    def load_teams(self, seed: int) -> None:
        """Give every product without a team one: hand-written teams first, generated ones for the rest."""
        people = list(Person.objects.filter(user__isnull=True).order_by("email"))
        by_email = {person.email: person for person in Person.objects.filter(user__isnull=False)}
        staffed = set(Membership.objects.values_list("product_id", flat=True))
        products = Product.objects.exclude(pk__in=staffed).order_by("pk")

        def person(who):
            if isinstance(who, Person):
                return who
            return by_email[who] if isinstance(who, str) else people[who % len(people)]

        for who, trained_on in data.TRAINED.items():
            trainee = person(who)
            if not trainee.trained_in_product_methods:
                trainee.trained_in_product_methods = True
                trainee.product_training_date = date.fromisoformat(trained_on)
                trainee.save()

        generated_people = list(Person.objects.filter(email__endswith=GENERATED_DOMAIN).order_by("pk"))
        slots = self.membership_slots(generated_people, seed)
        memberships = []
        for product in products:
            if product.slug in data.TEAMS:
                spec = data.TEAMS[product.slug]
            elif slots and product.slug not in HAND_WRITTEN:
                spec = self.staffed_team(product, slots, seed)
            else:
                spec = self.generated_team(product, len(people), seed)
            for who, role, share, start, end in spec:
                memberships.append(
                    Membership(
                        person=person(who),
                        product=product,
                        role=role,
                        time_share=share,
                        start_date=date.fromisoformat(start),
                        end_date=date.fromisoformat(end) if end else None,
                    )
                )
        bulk_create_with_history(memberships, Membership, batch_size=1000)

    @staticmethod
    def membership_slots(people: list[Person], seed: int) -> list[Person]:
        """Each generated person on one to four products (3.3 on average), in a shuffled order to deal from."""
        slots = [person for index, person in enumerate(people) for _ in range(SLOTS_CYCLE[index % len(SLOTS_CYCLE)])]
        random.Random(f"{seed}-slots").shuffle(slots)
        return slots

    @staticmethod
    def staffed_team(product: Product, slots: list[Person], seed: int) -> list[tuple]:
        """About ten memberships: the configuration's leads, then a delivery team, dealt from the slots."""
        rng = random.Random(f"{seed}-staffed-{product.slug}")
        leads = {
            Governance.POLICY_OWNER_IS_PM: [(Role.POLICY_OWNER, rng.choice([30, 50, 60, 80]))],
            Governance.DNUM_PM: [(Role.PRODUCT_MANAGER, 60), (Role.POLICY_EXPERT, rng.choice([0, 20, 30]))],
            Governance.SHARED: [(Role.POLICY_OWNER, rng.choice([40, 60, 70])), (Role.PRODUCT_OWNER, 40)],
            Governance.DNUM_OWNED: [(Role.PRODUCT_OWNER, 50)],
        }[Governance(product.governance)]
        roles = list(leads)
        if product.governance == Governance.POLICY_OWNER_IS_PM and rng.random() < 0.7:
            roles.append((Role.PRODUCT_COACH, 10))
        for role in TEAM_FILLERS[: TEAM_SIZE - len(roles)]:
            roles.append((role, rng.choice([10, 20, 20, 30])))
        start = "2025-01-01"
        position = product.pk * TEAM_SIZE  # products are dealt consecutive slots
        team, members = [], set()
        for role, share in roles:
            person = slots[position % len(slots)]
            for step in range(1, 4):  # nobody twice on one team, when the next slots allow
                if person.pk not in members:
                    break
                person = slots[(position + step * 7) % len(slots)]
            position += 1
            members.add(person.pk)
            team.append((person, role, share, start, None))
        return team

    def load_measurement_histories(self, wanted: int, seed: int) -> None:
        """Daily measurements over five years for indicators of generated products, up to about `wanted` rows.

        Written in bulk without history rows: they stand for data pushed by scripts, for benchmarks."""
        today = timezone.localdate()
        days = 5 * 365
        first = today - timedelta(days=days)
        already = Measurement.objects.filter(indicator__code__startswith="historique-").count()
        indicators_needed = max(wanted - already, 0) // days
        products = list(
            Product.objects.active()
            .exclude(slug__in=HAND_WRITTEN)
            .exclude(indicators__code__startswith="historique-")
            .order_by("pk")[: (indicators_needed + 1) // 2]
        )
        rows: list[Measurement] = []
        for product in products:
            objective = Objective.objects.create(product=product, title="Suivre l’usage du service", position=1)
            for number in range(2):
                indicator = Indicator.objects.create(
                    product=product,
                    objective=objective,
                    code=f"historique-{number}",
                    name=f"Visites quotidiennes {number + 1}",
                    unit=Unit.COUNT,
                    baseline=Decimal(100),
                    baseline_date=first,
                    target=Decimal(500),
                    target_date=today + timedelta(days=365),
                    frequency=Frequency.WEEKLY,
                    is_published=product.is_public_service,
                )
                rng = random.Random(f"{seed}-history-{product.slug}-{number}")
                rows += [
                    Measurement(
                        indicator=indicator,
                        date=first + timedelta(days=day),
                        value=Decimal(100 + day // 5 + rng.randint(0, 40)),
                        origin=Origin.DEMO,
                    )
                    for day in range(days)
                ]
            if len(rows) >= 20000:
                Measurement.objects.bulk_create(rows, batch_size=5000)
                rows = []
        Measurement.objects.bulk_create(rows, batch_size=5000)

    @staticmethod
    def generated_team(product: Product, people_count: int, seed: int) -> list[tuple]:
        rng = random.Random(f"{seed}-team-{product.slug}")

        def anyone() -> int:
            return rng.randrange(people_count)

        start = "2025-01-01"
        leads = {
            Governance.POLICY_OWNER_IS_PM: [(Role.POLICY_OWNER, rng.choice([30, 50, 60, 80]))],
            Governance.DNUM_PM: [(Role.PRODUCT_MANAGER, 80), (Role.POLICY_EXPERT, rng.choice([0, 20, 30]))],
            Governance.SHARED: [(Role.POLICY_OWNER, rng.choice([40, 60, 70])), (Role.PRODUCT_OWNER, 50)],
            Governance.DNUM_OWNED: [(Role.PRODUCT_OWNER, 80)],
        }[Governance(product.governance)]
        team = [(anyone(), role, share, start, None) for role, share in leads]
        team.append((anyone(), Role.DEVELOPER, rng.choice([50, 100]), start, None))
        if product.governance == Governance.POLICY_OWNER_IS_PM and rng.random() < 0.7:
            team.append((anyone(), Role.PRODUCT_COACH, 10, start, None))
        return team
