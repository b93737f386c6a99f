from django.db import models

from equipage.core.vocabulary import SEVERITY_ORDER, Severity


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
    """A product's number of stored findings per severity, rewritten with them: what lists sort and filter on."""

    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, primary_key=True, related_name="vigilance_summary"
    )
    blocking = models.PositiveIntegerField(default=0)
    watch = models.PositiveIntegerField(default=0)
    info = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "décompte des points de vigilance"
        verbose_name_plural = "décomptes des points de vigilance"
        indexes = [
            models.Index(fields=["-blocking", "-watch"], name="summary_blocking_watch"),
            models.Index(fields=["-total"], name="summary_total"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.blocking}/{self.watch}/{self.info}"
