from django.db import models


class Row(models.Model):
    """As wide as a rating (a window, a level, when and which day), with no foreign key."""

    window_id = models.BigIntegerField()
    level = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.window_id}: {self.level}"
