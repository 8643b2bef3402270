"""The demo: prepare a data folder, fill it once, create one account per role, and serve.

``maillage demo`` calls these in order; the end-to-end test and the web benchmark reuse
``load_demo_data`` and ``ensure_demo_accounts`` so they see what a newcomer sees.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction

from maillage.accounts.models import Affiliation, User
from maillage.calls.demo import load_calls_demo
from maillage.catalogue.demo import load_catalogue_demo
from maillage.ecosystem.demo_logos import draw_network_logos
from maillage.ecosystem.models import Domain, Membership, Organisation
from maillage.ecosystem.partner_clusters import load_partner_clusters
from maillage.ecosystem.seed import load_seed_data
from maillage.ecosystem.synthetic import generate_population
from maillage.events.demo_edition import LiveEdition, create_live_edition
from maillage.events.pitch_demo import load_innogo_edition
from maillage.impact.demo import load_follow_up_demo
from maillage.matching.demo import load_demo_ties
from maillage.maturity.demo import DEMO_HUB_SLUG, load_maturity_demo

#: The organisation the demo representative edits (and the end-to-end test with them).
DEMO_ORGANISATION_SLUG = "mosa-mechatronics"
DEMO_NETWORK_SLUG = "infopole-cluster-tic"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    #: Demo only: printed on the console by ``maillage demo``.
    password: str
    description: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin@maillage.example", "demo-admin", "platform admin"),
    DemoAccount(
        "manager",
        "manager@maillage.example",
        "demo-manager",
        "cluster manager of InfoPôle Cluster TIC (organiser of the live ICT meets MecaTech) "
        "and of MecaTech (its funding calls)",
    ),
    DemoAccount(
        "representative",
        "representative@maillage.example",
        "demo-representative",
        "representative of Mosa Mechatronics SRL",
    ),
    DemoAccount(
        "member", "member@maillage.example", "demo-member", "member of Mosa Mechatronics SRL"
    ),
    DemoAccount(
        "advisor",
        "advisor@maillage.example",
        "demo-advisor",
        "hub advisor of the Agence du Numérique, follows Mosa Mechatronics and 19 other SMEs",
    ),
)


def wipe_sqlite_database() -> Path | None:
    """Delete the SQLite database file and its WAL companions; return the path, or None when the
    database is not SQLite (``--fresh`` then flushes instead). The shared cache goes too: its
    entries are keyed by the ids of the rows that are gone."""
    cache.clear()
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        call_command("flush", interactive=False, verbosity=0)
        return None
    connections.close_all()
    path = Path(database["NAME"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def prepare_database() -> None:
    """Create the data folder, apply migrations and collect static files (idempotent)."""
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def load_demo_data(*, population: int = 2000) -> bool:
    """Load the seed data and the synthetic population when the directory is empty.

    Returns whether anything was loaded.
    """
    if Organisation.objects.exists():
        return False
    load_seed_data()
    generate_population(count=population)
    load_partner_clusters()
    draw_network_logos()
    return True


@transaction.atomic
def ensure_demo_accounts() -> tuple[DemoAccount, ...]:
    """One account per role (created or reset to the demo password), and the representative's
    organisation, a member of MecaTech and of InfoPôle Cluster TIC."""
    network = Organisation.objects.get(slug=DEMO_NETWORK_SLUG)
    organisation, created = Organisation.objects.get_or_create(
        slug=DEMO_ORGANISATION_SLUG,
        defaults={
            "name": "Mosa Mechatronics SRL",
            "short_name": "Mosa Mechatronics",
            "kind": Organisation.Kind.SME,
            "enterprise_number": "0123456749",
            "address": "Rue de l'Industrie 12",
            "postcode": "4000",
            "city": "Liège",
            "province": "WLG",
            "size_band": Organisation.SizeBand.SMALL,
            "synthetic": True,
            "descriptions": {
                "fr": "PME liégeoise de mécatronique (organisation de démonstration) : "
                "maintenance prédictive et cellules robotisées pour l'industrie.",
                "en": "Mechatronics SME in Liège (demo organisation): predictive maintenance "
                "and robotic cells for industry.",
                "nl": "Luikse kmo in mechatronica (demo-organisatie): voorspellend onderhoud "
                "en robotcellen voor de industrie.",
            },
        },
    )
    if created:
        networks = Organisation.objects.filter(slug__in=["mecatech", DEMO_NETWORK_SLUG])
        Membership.objects.bulk_create(
            Membership(organisation=organisation, network=member_of) for member_of in networks
        )
        organisation.domains.set(
            Domain.objects.filter(
                code__in=["microtechnology-mechatronics", "smart-maintenance-manufacturing"]
            )
        )
    roles = {
        "manager": (network, Affiliation.Role.MANAGER),
        "representative": (organisation, Affiliation.Role.REPRESENTATIVE),
        "member": (organisation, Affiliation.Role.MEMBER),
        "advisor": (Organisation.objects.get(slug=DEMO_HUB_SLUG), Affiliation.Role.MEMBER),
    }
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(account.email, account.password)
        elif not user.check_password(account.password):
            user.set_password(account.password)
        user.full_name = f"Demo {account.role}"
        user.is_staff = user.is_superuser = account.role == "admin"
        user.save()
        if account.role in roles:
            target, role = roles[account.role]
            Affiliation.objects.get_or_create(user=user, organisation=target, role=role)
    load_calls_demo(
        manager=User.objects.get(email=DEMO_ACCOUNTS[1].email),
        representative=User.objects.get(email=DEMO_ACCOUNTS[2].email),
        organisation=organisation,
    )
    return DEMO_ACCOUNTS


def load_live_edition() -> LiveEdition | None:
    """The live "ICT meets MecaTech" edition with a published schedule, organised by the demo
    manager, with the demo representative among its participants (None when it exists)."""
    accounts = {account.role: account.email for account in DEMO_ACCOUNTS}
    return create_live_edition(
        organiser=User.objects.get(email=accounts["manager"]),
        representative=User.objects.get(email=accounts["representative"]),
        representative_organisation=Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG),
    )


def use_site_url(*, host: str, port: int) -> None:
    """Links in the demo's e-mails point at the address it serves, unless one was configured
    (the worker started below inherits the variable)."""
    if "MAILLAGE_SITE_URL" in os.environ:
        return
    url = f"http://{host}:{port}"
    os.environ["MAILLAGE_SITE_URL"] = url
    settings.SITE_URL = url


def load_app_demos() -> list[str]:
    """Each app's own demo data (``<app>/demo.py``), loaded once; returns what to print."""
    lines = []
    catalogue = load_catalogue_demo()
    if catalogue is not None:
        lines.append(
            f"Catalogue: {catalogue.entries} entries, {catalogue.labels} labels, "
            f"{catalogue.granted} providers labelled."
        )
    maturity = load_maturity_demo(include=(DEMO_ORGANISATION_SLUG,))
    if maturity is not None:
        lines.append(
            f"Digital maturity: {maturity.assessed} synthetic companies assessed "
            f"({maturity.followups} again at T1), {maturity.followed} followed by the demo advisor."
        )
    email = next(account.email for account in DEMO_ACCOUNTS if account.role == "representative")
    follow_up = load_follow_up_demo(
        representative=User.objects.get(email=email),
        representative_organisation=Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG),
    )
    if follow_up is not None:
        lines.append(
            f"Follow-up (synthetic answers): {follow_up.editions} editions, "
            f"{follow_up.ratings} meeting ratings, {follow_up.outcomes} outcomes; the "
            f"representative can rate the live edition at {follow_up.representative_link}"
        )
    pitches = load_innogo_edition()
    if pitches is not None:
        lines.append(f"InnoGO 2025 (SynHERA): {pitches} research pitches.")
    lines.append(f"Collaboration graph: {load_demo_ties()} ties.")
    return lines


@contextmanager
def background_worker() -> Iterator[subprocess.Popen[bytes]]:
    """Run ``maillage worker`` (the Django tasks worker and the periodic jobs' runner) beside the
    server; stop it on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "maillage.cli", "worker"],
        env=os.environ.copy(),
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def port_is_free(host: str, port: int) -> bool:
    """Whether the server could bind ``host:port`` now (checked before the slow preparation)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server does, so a port still in TIME_WAIT after the last demo counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(*, host: str, port: int, threads: int = 4) -> None:
    """Serve the WSGI application with gunicorn until interrupted (Ctrl-C or SIGTERM).

    One process per core, each with a few threads: Python threads share one core (the GIL),
    so a single process leaves the second core to the worker alone and requests queue behind
    each other (docs/benchmarks.md, Events). SQLite in WAL mode takes several processes.
    """
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415 - only the demo serves

    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, min(len(os.sched_getaffinity(0)), 4)),
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "error",
        "graceful_timeout": 10,
        # Clients connect directly (no proxy in front): gunicorn's 2 s default closed
        # connections that a client pausing 1 to 3 s between pages reused, and the load tests'
        # users saw resets (docs/benchmarks.md, Catalogue).
        "keepalive": 5,
    }

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> object:
            from maillage.wsgi import application  # noqa: PLC0415 - after collectstatic

            return application

    Server().run()


#: What Django's file-based e-mail backend writes after each message.
_MESSAGE_END = "-" * 79


def mail_summary(mail_dir: Path) -> str:
    """One line on the e-mails the demo wrote instead of sending them (the worker writes more
    as it runs); empty when e-mails really go out (an SMTP host is configured)."""
    if not str(settings.MAILERS["default"]["BACKEND"]).endswith("filebased.EmailBackend"):
        return ""
    count = sum(
        line == _MESSAGE_END
        for path in (mail_dir.glob("*.log") if mail_dir.is_dir() else ())
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    )
    return f"E-mails are not sent: {count} so far (and those to come) are files in {mail_dir}/"
