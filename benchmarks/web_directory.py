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
import csv
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

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


def wait_until_up(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    return False


def demo_slugs(data_dir: Path) -> Path:
    """Write the organisation slugs of the demo database to a JSON file for the locustfile."""
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
    path = RESULTS / "web-slugs.json"
    path.write_text(output, encoding="utf-8")
    return path


def run_locust(args: argparse.Namespace, url: str, slugs: Path | None) -> Path:
    prefix = RESULTS / "web_directory"
    env = {**os.environ}
    if slugs is not None:
        env["MAILLAGE_BENCH_SLUGS"] = str(slugs)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile_directory.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        args.duration,
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=env, check=False)  # noqa: S603 - fixed command line
    return prefix.with_name(prefix.name + "_stats.csv")


def report(stats_file: Path) -> bool:
    with stats_file.open(encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    print(
        f"\n{'page':<8} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    ok = True
    for name in (*PAGE_TYPES, "Aggregated"):
        row = rows.get(name)
        if row is None:
            print(f"{name:<8} (no requests)")
            ok = False
            continue
        p95 = float(row["95%"])
        failures = int(row["Failure Count"])
        print(
            f"{name:<8} {row['Request Count']:>8} {failures:>8} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7}"
        )
        if name != "Aggregated" and (p95 > TARGET_P95_MS or failures):
            ok = False
    throughput = float(rows["Aggregated"]["Requests/s"]) if "Aggregated" in rows else 0.0
    print(f"throughput {throughput:.1f} requests/s; target p95 <= {TARGET_P95_MS} ms per page type")
    print("PASS" if ok else "MISS")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = None
    slugs = None
    url = (args.url or f"http://127.0.0.1:{args.port}").rstrip("/")
    try:
        if args.url is None:
            env = {**os.environ, "MAILLAGE_DATA_DIR": str(args.data_dir)}
            env.setdefault("PYTHONPATH", str(ROOT / "src"))
            log = (RESULTS / "web-demo.log").open("w", encoding="utf-8")
            server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "maillage.cli", "demo", "--port", str(args.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            if not wait_until_up(url, timeout=300):
                print(f"The demo server did not start; see {log.name}", file=sys.stderr)
                return 2
            slugs = demo_slugs(args.data_dir)
            print(f"demo server on {url} with {len(json.loads(slugs.read_text()))} organisations")
        elif not wait_until_up(url, timeout=10):
            print(f"No Maillage server answers at {url}/healthz", file=sys.stderr)
            return 2
        stats = run_locust(args, url, slugs)
        return 0 if report(stats) else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
