"""List what falls due in the next days (homologation expiry, statement age, AIPD required but not
done), and optionally e-mail each area's owners their part. Meant for a daily scheduled run:

    python manage.py compliance_due --days 30 --send-email
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from equipage.compliance.models import HomologationReminder
from equipage.compliance.selectors import DueItem, area_owners, due_items, homologation_reminders
from equipage.compliance.states import Area, expiry_window_days
from equipage.core.french import de
from equipage.registry.models import Product


class Command(BaseCommand):
    help = "Liste les échéances de conformité des produits actifs ; les envoie par courriel à leurs responsables."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Horizon en jours (par défaut COMPLIANCE_EXPIRY_WINDOW_DAYS, 90).",
        )
        parser.add_argument(
            "--send-email", action="store_true", help="Envoyer à chaque responsable de domaine ses échéances."
        )

    def handle(self, *args, days: int | None, send_email: bool, **options) -> None:
        days = expiry_window_days() if days is None else days
        if days < 0:
            raise CommandError("--days doit être un nombre de jours positif ou nul.")
        today = timezone.localdate()
        products = list(Product.objects.active().order_by("name"))
        self.remind_homologations(products, today, send_email)
        items = due_items(products, today, days)
        if not items:
            self.stdout.write(f"Aucune échéance de conformité dans les {days} prochains jours.")
            return
        self.stdout.write(f"{len(items)} échéance{'s' if len(items) > 1 else ''} de conformité d’ici {days} jours :")
        for item in items:
            self.stdout.write(f"- {item.product.name} [{Area(item.area).label}] {item.message}")
        if send_email:
            sent, orphans = self.send(items, products, today)
            self.stdout.write(f"{sent} courriel{'s' if sent > 1 else ''} envoyé{'s' if sent > 1 else ''}.")
            for item in orphans:
                self.stderr.write(
                    f"Aucun responsable joignable pour {item.product.name} [{Area(item.area).label}] : "
                    "complétez la matrice des responsabilités."
                )

    def remind_homologations(self, products: list[Product], today, send_email: bool) -> None:
        """The ladder of reminders before a homologation expires (24, 12, 6, 3, 1 months for a 36-month
        decision…), each sent once to the homologation's owner and the product's RSSI."""
        reminders = homologation_reminders(products, today)
        if not reminders:
            return
        base = getattr(settings, "EQUIPAGE_BASE_URL", "").rstrip("/")
        messages, to_record = [], []
        for reminder in reminders:
            names = ", ".join(str(person) for person in reminder.recipients) or "personne (ni responsable ni RSSI)"
            self.stdout.write(f"- {reminder.product.name} [RGS] {reminder.message} Destinataires : {names}.")
            emails = sorted({person.email for person in reminder.recipients if person.email})
            if not send_email:
                continue
            if not emails:
                self.stderr.write(
                    f"Aucun destinataire pour le rappel d’homologation {de(reminder.product.name)} : "
                    "nommez le responsable de la démarche ou le RSSI du produit."
                )
                continue
            url = base + reverse("compliance:overview", args=[reminder.product.slug]) + "#rgs"
            body = f"Bonjour,\n\n{reminder.message}\n{url}\n\n— Équipage"
            subject = (
                f"[Équipage] Homologation {de(reminder.product.name)} : expiration dans {reminder.months_before} mois"
            )
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
            to_record.append(reminder)
        if messages:
            sent = send_mass_mail(messages, fail_silently=False)
            with transaction.atomic():  # recorded once sent: a failed sending is tried again the next day
                for reminder in to_record:
                    for months in reminder.passed:
                        HomologationReminder.objects.get_or_create(
                            product=reminder.product,
                            valid_until=reminder.homologation.valid_until,
                            months_before=months,
                            defaults={"sent_on": today},
                        )
            self.stdout.write(f"{sent} rappel{'s' if sent > 1 else ''} d’homologation envoyé{'s' if sent > 1 else ''}.")

    def send(self, items: list[DueItem], products: list[Product], today) -> tuple[int, list[DueItem]]:
        owners = area_owners([p for p in products if any(i.product.pk == p.pk for i in items)], today)
        by_person: dict[str, list[DueItem]] = defaultdict(list)
        names: dict[str, str] = {}
        orphans = []
        for item in items:
            people = [person for person in owners[item.product.pk][item.area] if person.email]
            if not people:
                orphans.append(item)
            for person in people:
                by_person[person.email].append(item)
                names[person.email] = str(person)
        base = getattr(settings, "EQUIPAGE_BASE_URL", "").rstrip("/")
        messages = []
        for email, own in sorted(by_person.items()):
            lines = [
                f"Bonjour {names[email]},",
                "",
                "Voici les échéances de conformité dont vous êtes responsable :",
                "",
            ]
            for item in own:
                url = base + reverse("compliance:overview", args=[item.product.slug]) + f"#{item.area}"
                lines.append(f"- {item.product.name} [{Area(item.area).label}] {item.message} {url}")
            lines += ["", "— Équipage"]
            subject = f"[Équipage] {len(own)} échéance{'s' if len(own) > 1 else ''} de conformité"
            messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [email]))
        return send_mass_mail(messages, fail_silently=False), orphans
