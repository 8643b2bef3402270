"""Load benchmark of the public catalogue: 20 concurrent users on 20,000 entries, SQLite.

Prepares a demo data folder (``maillage demo --no-serve``), grows its catalogue to ``--entries``
synthetic entries, serves it with ``maillage demo``, runs locust headless for ``--duration`` and
prints p50/p95 per page type (list, filtered, search, detail, api) against p95 <= 150 ms. The
catalogue's index is built once there and stored in the data folder's cache, as the worker does
after a change.

    python benchmarks/web_catalogue.py                  # own demo server on port 8732

Exit code 0 when every page type meets the target, 1 when one misses it, 2 on bad arguments or
when the server cannot be started.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from loadtest import report, requested, run_locust, server_process

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_P95_MS = 150
PAGE_TYPES = ("list", "filtered", "search", "detail", "api")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8732)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="60s", help="locust run time, e.g. 60s or 2m")
    parser.add_argument("--entries", type=int, default=20_000, help="catalogue size (20000)")
    parser.add_argument("--data-dir", type=Path, default=RESULTS / "catalogue-demo-data")
    args = parser.parse_args(argv)
    if args.users < 1 or args.entries < 1:
        parser.error("--users and --entries must be at least 1")
    return args


def _django(code: str, env: dict[str, str]) -> str:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "maillage.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MAILLAGE_DATA_DIR": str(args.data_dir)}
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    subprocess.run(
        [sys.executable, "-m", "maillage.cli", "demo", "--no-serve"], env=env, check=True
    )
    # Bulk-created entries send no signal: build and store the index as the worker would after
    # an import, so the served processes load it rather than each building it on a request.
    added = _django(
        "from maillage.catalogue.synthetic import grow_catalogue; "
        "from maillage.catalogue.index import prebuild_index; "
        f"print(grow_catalogue(total={args.entries})); prebuild_index(force=True)",
        env,
    )
    slugs = _django(
        "import json; from maillage.catalogue.models import Entry; "
        "print(json.dumps(list(Entry.objects.values_list('slug', flat=True)[:5000])))",
        env,
    )
    entries = RESULTS / "catalogue-slugs.json"
    entries.write_text(slugs, encoding="utf-8")
    print(f"catalogue of {args.entries} entries ({added.strip()} added now)")
    url = f"http://127.0.0.1:{args.port}"
    command = [sys.executable, "-m", "maillage.cli", "demo", "--port", str(args.port)]
    with server_process(command, env=env, log=RESULTS / "catalogue-demo.log", url=url):
        stats = run_locust(
            ROOT / "benchmarks" / "locustfile_catalogue.py",
            url=url,
            users=args.users,
            spawn_rate=args.spawn_rate,
            duration=args.duration,
            prefix=RESULTS / "web_catalogue",
            env={**os.environ, "MAILLAGE_BENCH_ENTRIES": str(entries)},
        )
    ok = report(stats, PAGE_TYPES, target_p95_ms=TARGET_P95_MS) and requested(stats, PAGE_TYPES)
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
