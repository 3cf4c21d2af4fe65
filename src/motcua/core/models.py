from django.db import models


class IdempotencyRecord(models.Model):
    """One request made with an `Idempotency-Key`: claimed while it runs, then the answer it got.

    Keys are per owner (an applicant, a staff member) and per scope (which kind of request), so one person's
    key never replays somebody else's answer. See `core/idempotency.py`.
    """

    class State(models.TextChoices):
        IN_FLIGHT = "in_flight", "in flight"
        DONE = "done", "done"

    scope = models.CharField(max_length=60)
    owner = models.CharField(max_length=60)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request's method, path and body")
    state = models.CharField(max_length=10, choices=State.choices, default=State.IN_FLIGHT)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "owner", "key"], name="unique_idempotency_key")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.scope} {self.owner} {self.key}"
