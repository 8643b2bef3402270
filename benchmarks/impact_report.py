"""Time to make the impact report of ten years of events, on SQLite: target JSON <= 5 s and
PDF <= 30 s on 2 cores.

Prepares its own data folder (migrations only, no demo): 3,000 organisations in 8 sectors and 12
clusters, a hub that co-organises every edition with one of the clusters, and 20 editions a year
for 10 years (200 editions of 70 participants, about 105 meetings each, with published
schedules). The follow-up of each edition (the rating, then 3, 6 and 12 months) is simulated with
the demo's assumptions (``impact.demo.simulate_answers``). Then, ``--repeat`` times each (the
median is reported):

1. the report from the database: facts, figures and disclosure control over every table;
2. the JSON, the XLSX and the PDF, each from the database to bytes;
3. ``maillage kpi_report --output FILE.json`` and ``.pdf`` as separate processes (start-up
   included), which is what a scheduled job would run.

    python benchmarks/impact_report.py                  # about 10 minutes the first time
    python benchmarks/impact_report.py --years 2        # a smaller history (another folder)

Exit code 0 when both targets are met, 1 when one is missed, 2 on bad arguments.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_JSON_S = 5.0
TARGET_PDF_S = 30.0
HUB = "bench-hub"
KINDS = (
    ("sme", 60),
    ("startup", 18),
    ("large_company", 8),
    ("research_centre", 6),
    ("public_body", 4),
    ("other", 4),
)
PROVINCES = ("WLG", "WHT", "WNA", "WBR", "WLX", "BRU", "VAN", "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--events-per-year", type=int, default=20)
    parser.add_argument("--participants", type=int, default=70)
    parser.add_argument("--organisations", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="data folder (one per history size)")
    args = parser.parse_args(argv)
    if min(args.years, args.events_per_year, args.repeat) < 1 or args.participants < 4:
        parser.error("years, events per year and repeat must be 1 or more; participants 4 or more")
    if args.organisations < args.participants:
        parser.error("--organisations must be at least --participants")
    if args.data_dir is None:
        args.data_dir = (
            RESULTS / f"impact-{args.years}y-{args.events_per_year}e-{args.participants}p"
        )
    return args


def environment(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MAILLAGE_DATA_DIR": str(data_dir),
        "MAILLAGE_DEBUG": "true",
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
    }


def setup_django(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(data_dir))
    sys.path.insert(0, str(ROOT / "src"))
    import django  # noqa: PLC0415 - configured for the data folder first

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)


def make_directory(rng: random.Random, count: int) -> list[int]:
    """Sectors, clusters, the hub and ``count`` organisations with domains and memberships."""
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415

    from maillage.accounts.models import User  # noqa: PLC0415
    from maillage.ecosystem.models import Domain, Membership, Organisation  # noqa: PLC0415

    axes = Domain.objects.bulk_create(
        Domain(code=f"axis-{i}", label_fr=f"Secteur {i}", label_en=f"Sector {i}") for i in range(8)
    )
    domains = Domain.objects.bulk_create(
        Domain(
            code=f"axis-{a.pk}-{j}",
            label_fr=f"Domaine {a.pk}.{j}",
            label_en=f"Domain {a.pk}.{j}",
            parent=a,
        )
        for a in axes
        for j in range(2)
    )
    networks = Organisation.objects.bulk_create(
        Organisation(name=f"Bench cluster {i}", slug=f"bench-cluster-{i}", kind="cluster")
        for i in range(12)
    )
    Organisation.objects.create(name="Bench hub", slug=HUB, kind="cluster")
    kinds, weights = zip(*KINDS, strict=True)
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Bench organisation {i:05d}",
                slug=f"bench-organisation-{i:05d}",
                kind=rng.choices(kinds, weights=weights)[0],
                province=rng.choice(PROVINCES),
                synthetic=True,
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    Domain.organisations.through.objects.bulk_create(
        (
            Domain.organisations.through(organisation_id=o.pk, domain_id=rng.choice(domains).pk)
            for o in organisations
        ),
        batch_size=1000,
    )
    memberships = {(o.pk, rng.choice(networks).pk) for o in organisations}
    memberships |= {(o.pk, rng.choice(networks).pk) for o in organisations if rng.random() < 0.25}
    Membership.objects.bulk_create(
        (Membership(organisation_id=o, network_id=n) for o, n in memberships), batch_size=1000
    )
    unusable = make_password(None)
    User.objects.bulk_create(
        (User(email=f"bench{o.pk}@maillage.example", password=unusable) for o in organisations),
        batch_size=1000,
    )
    return [o.pk for o in organisations]


def make_edition(
    index: int, day: dt.date, organisations: list[int], size: int, rng: random.Random
) -> None:
    """An edition, its registrations and a published schedule (one meeting per slot), then its
    simulated follow-up."""
    from django.utils import timezone  # noqa: PLC0415

    from maillage.accounts.models import User  # noqa: PLC0415
    from maillage.ecosystem.models import Organisation  # noqa: PLC0415
    from maillage.events import models  # noqa: PLC0415
    from maillage.impact.demo import simulate_answers  # noqa: PLC0415
    from maillage.impact.services.plans import create_follow_up_plan  # noqa: PLC0415

    event = models.Event.objects.create(
        name=f"Bench edition {index:03d}",
        slug=f"bench-edition-{index:03d}",
        start_date=day,
        end_date=day,
    )
    event.organisers.set(Organisation.objects.filter(slug__in=[HUB, f"bench-cluster-{index % 12}"]))
    chosen = rng.sample(organisations, k=size)
    users = dict(
        User.objects.filter(email__in=[f"bench{pk}@maillage.example" for pk in chosen]).values_list(
            "email", "pk"
        )
    )
    registrations = models.Registration.objects.bulk_create(
        models.Registration(
            event=event,
            organisation_id=pk,
            user_id=users[f"bench{pk}@maillage.example"],
            role="supplier" if i % 2 else "demander",
        )
        for i, pk in enumerate(chosen)
    )
    suppliers, demanders = registrations[1::2], registrations[0::2]
    noon = dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())
    requests = models.MeetingRequest.objects.bulk_create(
        models.MeetingRequest(
            event=event,
            requester=d,
            recipient=s,
            status="accepted",
            expires_at=noon,
            answered_at=noon,
        )
        for d in demanders
        for s in rng.sample(suppliers, k=3)
    )
    run = models.ScheduleRun.objects.create(event=event, status="done", published_at=noon)
    meetings = models.Meeting.objects.bulk_create(
        models.Meeting(run=run, request=r, slot=slot, table=1)
        for slot, r in enumerate(requests, start=1)
    )
    models.MeetingSeat.objects.bulk_create(
        models.MeetingSeat(meeting=m, run=run, registration_id=reg, slot=m.slot)
        for m, r in zip(meetings, requests, strict=True)
        for reg in (r.requester_id, r.recipient_id)
    )
    plan = create_follow_up_plan(event=event, held_on=day, synthetic=True)
    simulate_answers(plan, rng, timezone.now())


def prepare(args: argparse.Namespace) -> None:
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from maillage.events.models import Event  # noqa: PLC0415

    total = args.years * args.events_per_year
    if Event.objects.count() >= total:
        print(f"Reusing {args.data_dir} ({total} editions).")
        return
    rng = random.Random(20260101)
    started = time.perf_counter()
    with transaction.atomic():
        organisations = make_directory(rng, args.organisations)
    last = timezone.localdate() - dt.timedelta(days=30)
    step = 365 / args.events_per_year
    for index in range(total):
        day = last - dt.timedelta(days=round((total - 1 - index) * step))
        with transaction.atomic():
            make_edition(index, day, organisations, args.participants, rng)
        if index % 20 == 19:
            print(f"  {index + 1}/{total} editions", flush=True)
    print(f"Prepared {total} editions in {time.perf_counter() - started:.0f} s.")


def median_seconds(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def command_seconds(args: argparse.Namespace, output: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "maillage.cli",
                "kpi_report",
                "--organiser",
                HUB,
                "--output",
                str(output),
            ],
            env=environment(args.data_dir),
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args.data_dir)
    prepare(args)
    from django.utils import translation  # noqa: PLC0415

    from maillage.ecosystem.models import Organisation  # noqa: PLC0415
    from maillage.impact.models import MeetingRating, Outcome  # noqa: PLC0415
    from maillage.impact.queries import default_period  # noqa: PLC0415
    from maillage.impact.report import kpi_report  # noqa: PLC0415
    from maillage.impact.report_json import report_json  # noqa: PLC0415
    from maillage.impact.report_pdf import report_pdf  # noqa: PLC0415
    from maillage.impact.report_xlsx import report_xlsx  # noqa: PLC0415

    translation.activate("fr")
    hub = Organisation.objects.get(slug=HUB)
    start, end = default_period(hub)

    def build() -> object:
        return kpi_report(organiser=hub, start=start, end=end)

    report_s, report = median_seconds(args.repeat, build)
    json_s, _ = median_seconds(args.repeat, lambda: json.dumps(report_json(build())))
    xlsx_s, xlsx = median_seconds(args.repeat, lambda: report_xlsx(build()))
    pdf_s, pdf = median_seconds(args.repeat, lambda: report_pdf(build()))
    tables = report.tables  # type: ignore[attr-defined]
    hidden = sum(f.confidential for t in tables for r in t.rows for f in r.figures)
    shown = sum(1 for t in tables for r in t.rows for f in r.figures)
    print(
        f"History: {report.events} editions, "  # type: ignore[attr-defined]
        f"{MeetingRating.objects.count()} ratings, {Outcome.objects.count()} outcomes; "
        f"{shown} table cells, {hidden} suppressed."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    cli_json = command_seconds(args, RESULTS / "impact-report.json", args.repeat)
    cli_pdf = command_seconds(args, RESULTS / "impact-report.pdf", args.repeat)
    rows = [
        ("report (facts, figures, disclosure)", report_s, None),
        ("JSON from the database", json_s, TARGET_JSON_S),
        ("XLSX from the database", xlsx_s, None),
        ("PDF from the database", pdf_s, TARGET_PDF_S),
        ("maillage kpi_report --output .json", cli_json, TARGET_JSON_S),
        ("maillage kpi_report --output .pdf", cli_pdf, TARGET_PDF_S),
    ]
    print(f"{'step':<40} {'median s':>9} {'target':>7}")
    for name, seconds, target in rows:
        mark = "" if target is None else (" ok" if seconds <= target else " MISSED")
        print(f"{name:<40} {seconds:>9.2f} {target or '':>7}{mark}")
    print(f"(PDF {len(pdf) // 1024} KiB, XLSX {len(xlsx) // 1024} KiB)")  # type: ignore[arg-type]
    missed = [name for name, seconds, target in rows if target and seconds > target]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
