"""Load benchmark of the directory pages: 20 concurrent users against the demo on SQLite.

Starts ``maillage demo`` (2,000 synthetic organisations, SQLite, waitress) in its own data folder
unless ``--url`` points at a running server, runs locust headless for ``--duration``, and prints
p50/p95 per page type (list, search, detail) against the target p95 <= 150 ms.

    python benchmarks/web_directory.py                  # own demo server on port 8731
    python benchmarks/web_directory.py --url http://127.0.0.1:8000

Exit code 0 when every page type meets the target, 1 when one misses it, 2 on bad arguments or
when the server cannot be started.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from loadtest import report, requested, run_locust, server_process, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_P95_MS = 150
PAGE_TYPES = ("list", "search", "detail")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="benchmark this running server instead of starting a demo")
    parser.add_argument("--port", type=int, default=8731, help="port of the demo started here")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="60s", help="locust run time, e.g. 60s or 2m")
    parser.add_argument(
        "--data-dir", type=Path, default=RESULTS / "web-demo-data", help="demo data folder"
    )
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error("--users must be at least 1")
    return args


def demo_slugs(data_dir: Path, path: Path = RESULTS / "web-slugs.json") -> Path:
    """Write the organisation slugs of the demo database (the one ``DATABASE_URL`` names, or
    the data folder's) to the JSON file ``path`` for the locustfile."""
    env = {**os.environ, "MAILLAGE_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src")}
    code = (
        "import json,django;django.setup();"
        "from maillage.ecosystem.models import Organisation as O;"
        "print(json.dumps(list(O.objects.values_list('slug', flat=True))))"
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "maillage.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path.write_text(output, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = (args.url or f"http://127.0.0.1:{args.port}").rstrip("/")
    if args.url is not None:
        if not wait_until_up(url, timeout=10):
            print(f"No Maillage server answers at {url}/healthz", file=sys.stderr)
            return 2
        return 0 if measure(args, url, slugs=None) else 1
    env = {**os.environ, "MAILLAGE_DATA_DIR": str(args.data_dir)}
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    command = [sys.executable, "-m", "maillage.cli", "demo", "--port", str(args.port)]
    with server_process(command, env=env, log=RESULTS / "web-demo.log", url=url):
        slugs = demo_slugs(args.data_dir)
        print(f"demo server on {url} with {len(json.loads(slugs.read_text()))} organisations")
        return 0 if measure(args, url, slugs) else 1


def measure(
    args: argparse.Namespace,
    url: str,
    slugs: Path | None,
    *,
    prefix: Path = RESULTS / "web_directory",
) -> bool:
    """Locust's directory visitors (``args.users``, ``spawn_rate``, ``duration``) against
    ``url``; prints the report and PASS or MISS, and returns whether every page type met the
    target. The statistics are left in ``<prefix>_stats.csv``."""
    env = {**os.environ}
    if slugs is not None:
        env["MAILLAGE_BENCH_SLUGS"] = str(slugs)
    stats = run_locust(
        ROOT / "benchmarks" / "locustfile_directory.py",
        url=url,
        users=args.users,
        spawn_rate=args.spawn_rate,
        duration=args.duration,
        prefix=prefix,
        env=env,
    )
    ok = report(stats, PAGE_TYPES, target_p95_ms=TARGET_P95_MS) and requested(stats, PAGE_TYPES)
    print("PASS" if ok else "MISS")
    return ok


if __name__ == "__main__":
    sys.exit(main())
