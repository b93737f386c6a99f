from django.db import models

from equipage.core.vocabulary import SEVERITY_ORDER, Level, Severity


class StoredFinding(models.Model):
    """One vigilance finding of a product, as its rule last computed it (see `store.py`).

    Rows are derived data: rewritten for a product whenever a write changes one of its rules'
    facts, and all together by `manage.py refresh_findings`. Never edited by hand, so no history.
    """

    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="findings")
    code = models.CharField("règle", max_length=64)
    severity = models.CharField("gravité", max_length=20, choices=Severity.choices)
    rank = models.PositiveSmallIntegerField("rang de gravité", help_text="0 bloquant, 1 à surveiller, 2 information")
    message = models.TextField("constat")
    remedy = models.TextField("remède")
    owner = models.ForeignKey(
        "people.Person",
        verbose_name="personne concernée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)
    waived_until = models.DateField(
        "dérogation acceptée jusqu’au",
        null=True,
        blank=True,
        help_text="Fin de la dérogation qui couvre ce point : il ne compte pas contre le niveau jusque-là.",
    )
    computed_on = models.DateField("calculé pour le")

    class Meta:
        verbose_name = "point de vigilance"
        verbose_name_plural = "points de vigilance"
        ordering = ["product_id", "rank", "code", "position"]
        indexes = [
            models.Index(fields=["product", "rank", "code", "position"], name="finding_product_rank"),
            models.Index(fields=["severity", "product"], name="finding_severity_product"),
            models.Index(fields=["code", "product"], name="finding_code_product"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.message}"

    def save(self, *args, **kwargs) -> None:
        self.rank = SEVERITY_ORDER[self.severity]
        super().save(*args, **kwargs)


class FindingSummary(models.Model):
    """A product's number of stored findings per severity, its level and its progress per area, rewritten
    with them: what lists sort, filter and group on.

    The severity counts leave out the findings covered by an accepted deviation (counted in `waived`)."""

    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, primary_key=True, related_name="vigilance_summary"
    )
    blocking = models.PositiveIntegerField(default=0)
    watch = models.PositiveIntegerField(default=0)
    info = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    waived = models.PositiveIntegerField("points couverts par une dérogation", default=0)
    level = models.CharField("niveau", max_length=20, choices=Level.choices, default=Level.NONE)
    level_rank = models.PositiveSmallIntegerField("rang du niveau", default=0, help_text="0 non atteint … 3 exemplaire")
    areas = models.JSONField(
        "progression par domaine", default=dict, help_text="{domaine: [règles respectées, règles]}"
    )

    class Meta:
        verbose_name = "décompte des points de vigilance"
        verbose_name_plural = "décomptes des points de vigilance"
        indexes = [
            models.Index(fields=["-blocking", "-watch"], name="summary_blocking_watch"),
            models.Index(fields=["-total"], name="summary_total"),
            models.Index(fields=["level_rank"], name="summary_level_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.blocking}/{self.watch}/{self.info}"


class StoredDeadline(models.Model):
    """One deadline of a product as its app's source last gave it (`core/deadlines.py`).

    Rewritten with the findings (same writes, same daily job), so that `/echeances/` and the
    dashboard read the whole portfolio's deadlines with one query instead of asking every source
    about every product on each request. Derived data: no history.
    """

    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="stored_deadlines")
    kind = models.CharField("type", max_length=40)
    date = models.DateField("date")
    label = models.CharField("échéance", max_length=500)
    url = models.CharField("adresse", max_length=500)
    key = models.CharField("clé", max_length=200)
    owners = models.ManyToManyField("people.Person", verbose_name="responsables", blank=True, related_name="+")

    class Meta:
        verbose_name = "échéance calculée"
        verbose_name_plural = "échéances calculées"
        ordering = ["date", "product__name", "kind", "key"]
        indexes = [
            models.Index(fields=["date", "product"], name="deadline_date_product"),
            models.Index(fields=["kind", "date"], name="deadline_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} — {self.label}"
