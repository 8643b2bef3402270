"""What the web load benchmarks share: waiting for the server, running locust, reading its CSV."""

import csv
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def wait_until_up(url: str, timeout: float) -> bool:
    """Poll the server's health check until it answers 200, for at most ``timeout`` seconds."""
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


def run_locust(
    locustfile: Path,
    *,
    url: str,
    users: int,
    spawn_rate: float,
    duration: str,
    prefix: Path,
    env: Mapping[str, str],
) -> Path:
    """Run locust headless against ``url``; return the path of its statistics CSV."""
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(locustfile),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        duration,
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=dict(env), check=False)  # noqa: S603 - fixed command line
    return prefix.with_name(prefix.name + "_stats.csv")


def read_stats(stats_file: Path) -> dict[str, dict[str, str]]:
    """Locust's statistics CSV: request name -> its row ("Request Count", "95%", ...)."""
    with stats_file.open(encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def report(stats_file: Path, names: Iterable[str], *, target_p95_ms: float) -> bool:
    """Print requests, failures and percentiles per page; True when every page that was
    requested has no failure and a p95 within the target. A page locust never requested is
    listed as absent (the caller decides whether that is a miss)."""
    rows = read_stats(stats_file)
    names = [*names, "Aggregated"]
    width = max(len(name) for name in names)
    print(
        f"\n{'page':<{width}} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7}"
    )
    ok = True
    for name in names:
        row = rows.get(name)
        if row is None:
            print(f"{name:<{width}} (not requested)")
            continue
        failures = int(row["Failure Count"])
        print(
            f"{name:<{width}} {row['Request Count']:>8} {failures:>8} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7}"
        )
        if name != "Aggregated" and (float(row["95%"]) > target_p95_ms or failures):
            ok = False
    throughput = float(rows["Aggregated"]["Requests/s"]) if "Aggregated" in rows else 0.0
    print(f"throughput {throughput:.1f} requests/s; target p95 <= {target_p95_ms:.0f} ms per page")
    return ok


@contextmanager
def background_process(
    command: list[str], *, env: Mapping[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (output to ``log``) until the block ends; then stop it (SIGTERM, then
    SIGKILL after 20 s), whatever ends the block."""
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            command, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def server_process(
    command: list[str], *, env: Mapping[str, str], log: Path, url: str
) -> Iterator[subprocess.Popen[bytes]]:
    """Run the server ``command`` until the block ends, once it answers at ``url``.

    Exits with status 2 (bad set-up, not a missed target) when it does not start.
    """
    with background_process(command, env=env, log=log) as process:
        if not wait_until_up(url, timeout=300):
            print(f"The server did not start; see {log}", file=sys.stderr)
            raise SystemExit(2)
        yield process


def requested(stats_file: Path, names: Iterable[str]) -> bool:
    """Whether locust requested every one of ``names`` (a page never requested was not
    measured)."""
    with stats_file.open(encoding="utf-8") as handle:
        seen = {row["Name"] for row in csv.DictReader(handle)}
    return all(name in seen for name in names)
