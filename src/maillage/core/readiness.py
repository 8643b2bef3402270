"""What a web process needs before the load balancer sends it traffic."""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def readiness_checks() -> dict[str, str]:
    """Each check's name -> "ok" or why not (never raises)."""
    return {"database": _database(), "migrations": _migrations(), "cache": _cache()}


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"unreachable: {type(error).__name__}"
    return "ok"


def _migrations() -> str:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"unknown: {type(error).__name__}"
    return f"{len(pending)} not applied: run maillage migrate" if pending else "ok"


def _cache() -> str:
    key = f"readiness:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any backend's failure means "not ready"
        return f"unreachable: {type(error).__name__}"
    return "ok" if value == "1" else "not answering"
