# Existing registrations each need their own token: a callable default in AddField is evaluated
# once for all rows, so the column is added nullable, filled row by row, then made unique.

from django.db import migrations, models

import maillage.events.models.registration


def fill_agenda_tokens(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.filter(agenda_token__isnull=True).only("pk"):
        registration.agenda_token = maillage.events.models.registration.new_agenda_token()
        registration.save(update_fields=["agenda_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_alter_event_options_event_capacity_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="agenda_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_agenda_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="agenda_token",
            field=models.CharField(
                default=maillage.events.models.registration.new_agenda_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="notified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
