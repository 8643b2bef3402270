"""The database itself refuses to change an audit event (SQLite and PostgreSQL triggers)."""

from typing import Any

from django.db import migrations

MESSAGE = "audit events are append-only"
SQLITE = [
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
]
POSTGRESQL = [
    "CREATE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;",
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse_update();",
]
DROP = {
    "sqlite": ["DROP TRIGGER audit_auditevent_append_only;"],
    "postgresql": [
        "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent;",
        "DROP FUNCTION audit_refuse_update();",
    ],
}


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
