"""Dutch labels for the taxonomy's domains and the NACE codes. The column may stay blank (the
label then falls back to English, then French: ``core.i18n``), so that an administrator can add
a domain without its Dutch wording; the rows of the seed are given the seed's Dutch labels here,
so that existing databases speak Dutch without being seeded again."""

from typing import Any

from django.db import migrations, models

from maillage.ecosystem.seed import fill_blank_labels


def fill_dutch_labels(apps: Any, schema_editor: Any) -> None:
    fill_blank_labels(
        apps.get_model("ecosystem", "Domain"), apps.get_model("ecosystem", "NaceCode")
    )


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0009_organisation_logo")]

    operations = [
        migrations.AddField(
            model_name="domain",
            name="label_nl",
            field=models.CharField(blank=True, max_length=200, verbose_name="label (Dutch)"),
        ),
        migrations.AddField(
            model_name="nacecode",
            name="label_nl",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(fill_dutch_labels, migrations.RunPython.noop),
    ]
