"""The venue of a Commission appartement session: the commune that hosts it (the venue rotates among the council's
communes). The chair of the session is an elected official of that commune (`commission.chair_set`). Kept apart from
`meetings.Meeting` (a lower layer, shared by every body) as a one-to-one row of the housing app."""

from django.db import models


class CommissionVenue(models.Model):
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="housing_venue")
    commune = models.ForeignKey(
        "councils.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune du lieu de séance"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "commune du lieu de séance"

    def __str__(self) -> str:
        return f"lieu de séance {self.pk}"
