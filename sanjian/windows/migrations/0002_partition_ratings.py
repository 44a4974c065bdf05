"""Ratings partitioned by month on PostgreSQL (a plain table elsewhere): sanjian/lib/partitions.py.

The ticket's key to its rating loses its database constraint first: a foreign key into a
partitioned table would have to include the month. The ORM still protects the rating."""

import django.db.models.deletion
from django.db import migrations, models

from sanjian.lib.partitions import partition_table


def partition(apps, schema_editor):
    partition_table(schema_editor, "windows_rating", "created_at")


class Migration(migrations.Migration):
    dependencies = [
        ("windows", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="rating",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ticket",
                to="windows.rating",
                verbose_name="rating",
            ),
        ),
        # Backwards leaves the table partitioned: it reads and writes the same.
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
    ]
