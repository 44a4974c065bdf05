"""The read log partitioned by month on PostgreSQL (a plain table elsewhere): sanjian/lib/partitions.py."""

from django.db import migrations

from sanjian.lib.partitions import partition_table


def partition(apps, schema_editor):
    partition_table(schema_editor, "tenancy_recordread", "read_at")


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0003_roles_branch_committee_medical_lead")]

    # Backwards leaves the table partitioned: it reads and writes the same.
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
