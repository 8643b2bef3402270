"""Load benchmark of the production topology (docs/operations.md) on PostgreSQL.

On the PostgreSQL database ``--database-url`` names, prepares once (``maillage demo --no-serve
--population N``, bulk) a directory of ``--organisations`` synthetic organisations and
``--events`` concurrent editions of the event benchmark (alternately 190 participants with 1,200
meeting requests and 1,000 with 3,000, each with a published first-fit schedule), then runs the
topology: one gunicorn master with ``--web-processes`` worker processes (4 threads each; several
processes share nothing but PostgreSQL and Redis, as several hosts behind a proxy would), Redis
for the cache and the sessions, ``--workers`` task workers (``maillage db_worker``, at a lower
CPU priority: ``nice -n 10``) and one periodic runner (``maillage periodic``). Against it, one
after the other, the directory load test (``locustfile_directory.py``, 20 users) and the event
load test (``locustfile_events.py``, 30 logged-in users, spread over all editions); it prints
p95 per page next to the targets the SQLite benchmarks meet (directory 150 ms, events 300 ms)
and stops every process it started.

    python benchmarks/scale_pg.py --database-url postgres://postgres@127.0.0.1:5432/scale_bench
    python benchmarks/scale_pg.py --database-url postgres://... \\
        --organisations 5000 --events 3 --duration 20s          # a quick check of the set-up

The preparation is kept in the database: a second run with the same sizes measures at once;
``--fresh`` empties the database first (needed to change the number of organisations).

Exit code 0 when every page meets its target, 1 when one misses it, 2 on bad arguments, when
the database holds another population, or when a process cannot be started.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from itertools import cycle, islice
from pathlib import Path

import event_load
import web_directory
from loadtest import background_process, read_stats, report, server_process

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
#: Each edition's size, requests and tables cycle through the event benchmark's two editions.
EDITION_SHAPES = tuple(
    (size, requests, tables) for _slug, size, requests, tables in event_load.EDITIONS
)
#: CPU priority of the task workers, below the web processes' (docs/operations.md).
WORKER_NICENESS = 10
#: Logged-in participants per edition handed to locust (30 users spread over the editions).
SESSIONS_PER_EVENT = 20


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="the PostgreSQL database to fill and serve (default: $DATABASE_URL)",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--web-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="task workers (db_worker)")
    parser.add_argument("--port", type=int, default=8830, help="the web processes' port")
    parser.add_argument("--directory-users", type=int, default=20)
    parser.add_argument("--event-users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="90s", help="each load test's run time (locust)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=RESULTS / "scale-data",
        help="static files, logs and locust statistics",
    )
    parser.add_argument("--fresh", action="store_true", help="empty the database first")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url (or DATABASE_URL) must name a PostgreSQL database")
    # make_edition takes its participants' organisations from the synthetic population.
    largest = max(size for size, _requests, _tables in EDITION_SHAPES)
    if args.organisations < largest:
        parser.error(f"--organisations must be at least {largest} (the largest edition)")
    for name in ("events", "web_processes", "workers", "directory_users", "event_users"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def environment(args: argparse.Namespace) -> dict[str, str]:
    """What every process of the topology is started with (the production variables)."""
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "MAILLAGE_REDIS_URL": args.redis_url,
        "MAILLAGE_SESSIONS": "cache",
        "MAILLAGE_DATA_DIR": str(args.data_dir),
        "MAILLAGE_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        # A throw-away benchmark database: it may run on the built-in secret key.
        "MAILLAGE_DEMO": "1",
    }


def editions(count: int) -> list[tuple[str, int, int, int]]:
    """``count`` editions (slug, participants, requests, tables); the slug ends with the size,
    which names the locust requests ("190 agenda")."""
    return [
        (f"scale-{number:02d}-{size}", size, requests, tables)
        for number, (size, requests, tables) in enumerate(
            islice(cycle(EDITION_SHAPES), count), start=1
        )
    ]


def prepare(args: argparse.Namespace) -> Path:
    """The directory and the editions (once), fresh statistics for the planner; the sessions."""
    os.environ.update(environment(args))
    import django  # noqa: PLC0415 - configured for the benchmark's database first

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import DatabaseError, connection  # noqa: PLC0415

    from maillage.ecosystem.models import Organisation  # noqa: PLC0415

    def population() -> int:
        try:
            return Organisation.objects.filter(synthetic=True).count()
        except DatabaseError:  # not migrated yet
            return 0

    if args.fresh or population() < args.organisations:
        command = [sys.executable, "-m", "maillage.cli", "demo", "--no-serve"]
        command += ["--population", str(args.organisations), *(["--fresh"] if args.fresh else [])]
        started = time.perf_counter()
        subprocess.run(command, env=environment(args), check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        print(f"demo data ready in {time.perf_counter() - started:.0f} s")
    # Data prepared by an earlier commit gets the migrations and static files that landed since
    # (the web processes serve the collected files' manifest).
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    found = population()
    if found < args.organisations:
        print(
            f"The database holds {found} synthetic organisations, not "
            f"{args.organisations}: run again with --fresh to regenerate them.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    organiser = event_load.ensure_organiser()
    chosen = editions(args.events)
    started = time.perf_counter()
    event_load.ensure_editions(chosen, organiser)
    print(f"{len(chosen)} editions ready in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        # As after any bulk load: the planner sees the real sizes, and the visibility map lets
        # the directory's counts read their indexes only (docs/operations.md).
        cursor.execute("VACUUM ANALYZE")
    return event_load.write_accounts(
        [slug for slug, *_rest in chosen],
        organiser,
        args.data_dir / "scale-accounts.json",
        per_event=SESSIONS_PER_EVENT,
    )


def describe() -> str:
    """What the database holds, and what the workers and the runner did (proof they ran)."""
    from django.db.models import Count  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from maillage.core.models import PeriodicRun  # noqa: PLC0415
    from maillage.ecosystem.models import Organisation  # noqa: PLC0415
    from maillage.events.models import Event, Meeting, Registration  # noqa: PLC0415

    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
    return (
        f"{Organisation.objects.count()} organisations, {Event.objects.count()} events, "
        f"{Registration.objects.count()} registrations, {Meeting.objects.count()} meetings; "
        f"tasks by status {tasks}; periodic jobs enqueued {PeriodicRun.objects.count()}"
    )


def topology(args: argparse.Namespace, stack: ExitStack) -> subprocess.Popen[bytes]:
    """Start the task workers, the periodic runner and the web processes (listening on
    ``--port`` once this returns); return the web server's master process."""
    env = environment(args)
    logs = args.data_dir
    maillage = [sys.executable, "-m", "maillage.cli"]
    # As docs/operations.md says for a host shared with web processes: the workers' jobs (an
    # event's suggestion table, 13 s of CPU for 1,000 participants) yield the CPU to the pages.
    worker = ["nice", "-n", str(WORKER_NICENESS), *maillage, "db_worker"]
    for number in range(1, args.workers + 1):
        log = logs / f"scale-worker-{number}.log"
        stack.enter_context(background_process(worker, env=env, log=log))
    log = logs / "scale-periodic.log"
    stack.enter_context(background_process([*maillage, "periodic"], env=env, log=log))
    gunicorn = [sys.executable, "-m", "gunicorn", "maillage.wsgi:application"]
    gunicorn += ["--workers", str(args.web_processes), "--worker-class", "gthread"]
    gunicorn += ["--threads", "4", "--bind", f"127.0.0.1:{args.port}", "--graceful-timeout", "10"]
    # Its control socket defaults to one path per user, which another server would take.
    gunicorn += ["--no-control-socket"]
    # Locust talks to gunicorn where a proxy would: keep its connections open longer than a
    # user's pause (1 to 3 s), or gunicorn's 2 s closes some as the next request leaves
    # ("connection reset by peer" in the first runs).
    gunicorn += ["--keep-alive", "5"]
    log = logs / "scale-web.log"
    url = f"http://127.0.0.1:{args.port}"
    return stack.enter_context(server_process(gunicorn, env=env, log=log, url=url))


def warm_up(url: str, processes: int) -> float:
    """Open the directory list ``2 × processes`` times at once (what the first visitors after
    a deploy wait for: on PostgreSQL, the list's counts computed once into the shared cache;
    on SQLite, each web process's directory index); the seconds it took."""
    started = time.perf_counter()

    def fetch(_: int) -> None:
        with urllib.request.urlopen(f"{url}/organisations/", timeout=600) as response:  # noqa: S310
            response.read()

    with ThreadPoolExecutor(max_workers=2 * processes) as pool:
        list(pool.map(fetch, range(2 * processes)))
    return time.perf_counter() - started


def web_memory(master: subprocess.Popen[bytes]) -> list[int]:
    """Resident memory of each web process (the gunicorn master's children), in MiB."""
    command = ["ps", "-o", "rss=", "--ppid", str(master.pid)]
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603
    return [int(kib) // 1024 for kib in output.split()]


def summary(rows: Iterable[tuple[str, dict[str, str], float]]) -> bool:
    """One line per page: p95 on this topology next to the SQLite benchmarks' target."""
    print(f"\n{'page':<20} {'requests':>8} {'failures':>8} {'p95 ms':>7} {'SQLite target':>13}")
    ok = True
    for name, row, target in rows:
        p95, failures = float(row["95%"]), int(row["Failure Count"])
        met = p95 <= target and not failures
        ok &= met
        print(
            f"{name:<20} {row['Request Count']:>8} {failures:>8} {p95:>7.0f} "
            f"{'<= ' + format(target, '.0f'):>13} {'' if met else 'MISS'}"
        )
    return ok


def measure(args: argparse.Namespace, url: str, accounts: Path) -> bool:
    directory = argparse.Namespace(
        users=args.directory_users, spawn_rate=args.spawn_rate, duration=args.duration
    )
    slugs = web_directory.demo_slugs(args.data_dir, args.data_dir / "scale-slugs.json")
    print(f"\nDirectory: {directory.users} users for {args.duration}")
    web_directory.measure(directory, url, slugs, prefix=args.data_dir / "scale_directory")
    pages = argparse.Namespace(
        users=args.event_users, spawn_rate=args.spawn_rate, duration=args.duration
    )
    print(f"\nEvents: {pages.users} logged-in users for {args.duration}")
    stats = event_load.measure_pages(pages, url, accounts, prefix=args.data_dir / "scale_events")
    names = event_load.page_names(size for size, _requests, _tables in EDITION_SHAPES)
    report(stats, names, target_p95_ms=event_load.TARGET_P95_MS)
    directory_rows = read_stats(args.data_dir / "scale_directory_stats.csv")
    event_rows = read_stats(stats)
    return summary(
        [
            *(
                (f"directory {name}", directory_rows[name], web_directory.TARGET_P95_MS)
                for name in web_directory.PAGE_TYPES
                if name in directory_rows
            ),
            *(
                (name, event_rows[name], event_load.TARGET_P95_MS)
                for name in names
                if name in event_rows
            ),
        ]
    )


def stop(signum: int, _frame: object) -> None:
    """SIGTERM ends the run as Ctrl-C does: through the ``finally`` blocks that stop every
    process this script started (Python's default would leave them running)."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows in logs
    args.data_dir.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()}")
    accounts = prepare(args)
    print(describe())
    from maillage.core.demo import port_is_free  # noqa: PLC0415 - Django is set up by prepare

    if not port_is_free("127.0.0.1", args.port):
        # Otherwise the health check would find that other server and measure it.
        print(f"Port {args.port} is in use; choose another with --port.", file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{args.port}"
    with ExitStack() as stack:
        web = topology(args, stack)
        print(
            f"{args.web_processes} web processes on {url}, {args.workers} task workers and the "
            f"periodic runner; Redis {args.redis_url}"
        )
        seconds = warm_up(url, args.web_processes)
        print(f"first directory pages in {seconds:.1f} s")
        ok = measure(args, url, accounts)
        print(f"web processes' resident memory (MiB): {web_memory(web)}")
    print(describe())
    print(f"load average at end: {os.getloadavg()}")
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
