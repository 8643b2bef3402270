"""Move the directory's initiative labels (a JSON list of names on ``ecosystem.Initiative``) into
the catalogue: one entry per labelled initiative, one label per name, one granted application
per pair, with its history. The grants had no dates: they are recorded as valid from the day of
the migration, without expiry, by no labelling body (their bodies were never recorded)."""

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify


def _slug(model, name):
    base = slugify(name)[:100] or "entry"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def forwards(apps, schema_editor):
    Initiative = apps.get_model("ecosystem", "Initiative")
    Entry = apps.get_model("catalogue", "Entry")
    Label = apps.get_model("catalogue", "Label")
    LabelApplication = apps.get_model("catalogue", "LabelApplication")
    LabelEvent = apps.get_model("catalogue", "LabelEvent")
    today = timezone.localdate()
    for initiative in Initiative.objects.exclude(labels=[]).order_by("pk"):
        names = [str(name).strip() for name in initiative.labels or [] if str(name).strip()]
        if not names:
            continue
        entry = Entry.objects.create(
            kind="initiative",
            name=initiative.name,
            slug=_slug(Entry, initiative.name),
            organisation_id=initiative.organisation_id,
            initiative_id=initiative.pk,
            summary={"en": initiative.description} if initiative.description else {},
            website=initiative.website,
            search_text=initiative.name.lower(),
        )
        for name in dict.fromkeys(names):
            label = Label.objects.filter(name=name).first() or Label.objects.create(
                name=name, slug=_slug(Label, name), active=False
            )
            application = LabelApplication.objects.create(
                label=label,
                entry=entry,
                status="approved",
                statement="Recorded in the directory before the catalogue existed.",
                valid_from=today,
            )
            LabelEvent.objects.create(
                application=application,
                action="approved",
                note="Moved from the directory's list of labels (no dates were recorded).",
            )


def backwards(apps, schema_editor):
    Initiative = apps.get_model("ecosystem", "Initiative")
    LabelApplication = apps.get_model("catalogue", "LabelApplication")
    for initiative in Initiative.objects.all():
        names = list(
            LabelApplication.objects.filter(entry__initiative=initiative, status="approved")
            .order_by("pk")
            .values_list("label__name", flat=True)
        )
        initiative.labels = names
        initiative.save(update_fields=["labels"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("ecosystem", "0004_importjob"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
