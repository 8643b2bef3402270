"""Structured logs: one JSON object per line on standard error (``MAILLAGE_LOG_FORMAT=json``).

Log collectors (journald, Docker, Loki, Elasticsearch) index the fields as they are; the plain
text format stays the default for people reading a terminal.
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

#: Attributes every LogRecord has; anything else was passed in ``extra`` and is kept as a field.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}


class RefusalsWithoutTraceback(logging.Filter):
    """Keep a refused request (403, 404, any 4xx) to one line: its traceback is the ordinary
    path of a permission check or a missing object, and it buried real errors on the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None:
            # Django's request logger passes the request: its method and path, never its body.
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
