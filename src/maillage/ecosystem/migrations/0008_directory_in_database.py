"""What the directory needs to search, filter and count in the database (its PostgreSQL path,
``ecosystem/directory_sql.py``): the folded name that ranks a search, the directory's order and
its facet columns as indexes, and, on PostgreSQL only, a trigram index on the folded search
text, so that a word found anywhere in it (``LIKE '%word%'``, the in-memory index's substring
rule) is an index scan. On SQLite, only the column and the two plain indexes."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from maillage.ecosystem.text import fold

_BATCH = 2000


def fill_search_name(apps: Any, schema_editor: Any) -> None:
    organisation = apps.get_model("ecosystem", "Organisation")
    rows = organisation.objects.using(schema_editor.connection.alias).only("name", "short_name")
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=_BATCH):
        row.search_name = fold(f"{row.name} {row.short_name}")
        batch.append(row)
        if len(batch) == _BATCH:
            organisation.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        organisation.objects.bulk_update(batch, ["search_name"])


def _on_postgresql(statement: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ecosystem", "0007_organisation_origin_cluster"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="organisation_directory_order"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                fields=["kind", "province", "country", "size_band", "origin_cluster"],
                name="organisation_facets",
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(
            _on_postgresql(
                "CREATE INDEX IF NOT EXISTS organisation_search_trigrams "
                "ON ecosystem_organisation USING gin (search_text gin_trgm_ops)"
            ),
            _on_postgresql("DROP INDEX IF EXISTS organisation_search_trigrams"),
        ),
    ]
