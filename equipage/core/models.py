from django.db import models


class JobRun(models.Model):
    """One daily task's run for one day (see `jobs.py`): the claim that makes it run once across instances.

    A technical journal, written only by `manage.py daily`: no history."""

    class Status(models.TextChoices):
        RUNNING = "running", "en cours"
        DONE = "done", "fait"
        FAILED = "failed", "en échec"

    key = models.CharField("tâche", max_length=64)
    day = models.DateField("jour")
    status = models.CharField("état", max_length=10, choices=Status.choices)
    started_at = models.DateTimeField("commencé le")
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    instance = models.CharField("instance", max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=1)
    report = models.TextField("compte rendu", blank=True)

    class Meta:
        verbose_name = "exécution de tâche quotidienne"
        verbose_name_plural = "exécutions des tâches quotidiennes"
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="jobrun_once_per_day")]

    def __str__(self) -> str:
        return f"{self.key} {self.day.isoformat()} ({self.get_status_display()})"
