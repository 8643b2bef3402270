"""The demo's calls: GEMSTONE's and DREAM's SME calls relayed by MecaTech, the sample EU calls,
a few expressions of interest and a consortium in the making.

What the calls say comes from MecaTech's description of the two Euroclusters; their dates and
cut-offs are made up around today, so the calls are marked synthetic. Amounts are not known
and are left empty. ``load_calls_demo`` does nothing once the GEMSTONE call exists.
"""

import datetime as dt
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import Affiliation, User
from maillage.calls.eligibility import Applicant, pack
from maillage.calls.models import Call, CallDeadline, CallStatus, ExpressionOfInterest
from maillage.calls.queries import status_of
from maillage.calls.services.consortia import invite_partner, start_consortium
from maillage.calls.services.portal_import import import_portal_answer
from maillage.ecosystem.models import Organisation

SAMPLE_ANSWER = Path(__file__).resolve().parent / "data" / "portal_sample.json"
RELAYING_SLUG = "mecatech"
GEMSTONE_REFERENCE = "MECATECH-GEMSTONE-SME-CALL"
DREAM_REFERENCE = "MECATECH-DREAM-SME-CALL"
SEED = 20231101

#: (reference, slug, title, funder, summary, topics, note, opened days ago, cut-offs in days)
CLUSTER_CALLS = (
    (
        GEMSTONE_REFERENCE,
        "gemstone-green-manufacturing-sme-call",
        "GEMSTONE — green manufacturing call for SMEs (GreenInnov, GreenAdopt, GreenTrain, "
        "GreenExplore)",
        "GEMSTONE Eurocluster",
        "GEMSTONE is a Eurocluster for green manufacturing coordinated by Pôle CIMES with "
        "Clust-ER MECH, the Metal Processing Cluster, Green Tech Latvia, POOL-Net and MecaTech. "
        "Its call funds SMEs directly, technology providers and end users alike: innovation "
        "projects, demonstrators and proofs of concept (GreenInnov, GreenAdopt), training "
        "(GreenTrain) and internationalisation (GreenExplore), in aeronautics and defence, "
        "energy, agro-industry and agriculture, materials and mobility.",
        [
            "green manufacturing",
            "green transition",
            "energy efficiency",
            "proof of concept",
            "demonstrator",
            "training",
            "internationalisation",
            "aeronautics",
            "energy",
            "agro-industry",
            "materials",
            "mobility",
        ],
        "Direct funding of SMEs, technology providers and/or end users.",
        20,
        (12, 75),
    ),
    (
        DREAM_REFERENCE,
        "dream-digital-solutions-for-manufacturing-sme-call",
        "DREAM — call for collaborative projects adopting digital solutions in manufacturing",
        "DREAM Eurocluster",
        "DREAM is a Eurocluster coordinated by Pôle SCS with CLUJ IT Cluster, MecaTech, MESAP and "
        "G.A.C. Group. It supports 35 collaborative projects in which manufacturers adopt "
        "innovative digital solutions (artificial intelligence, IoT, big data, cybersecurity, "
        "cloud and connectivity, smart robotics and automation), with direct funding of the "
        "partner SMEs.",
        [
            "artificial intelligence",
            "IoT",
            "big data",
            "cybersecurity",
            "cloud and connectivity",
            "smart robotics",
            "automation",
            "manufacturing",
            "digital transition",
        ],
        "Direct funding of the SMEs in each collaborative project.",
        45,
        (25, 120),
    ),
)


def _cluster_calls(network: Organisation, manager: User | None) -> list[Call]:
    today = timezone.localdate()
    calls = []
    for reference, slug, title, funder, summary, topics, note, opened, cutoffs in CLUSTER_CALLS:
        call = Call.objects.create(
            reference=reference,
            slug=slug,
            title=title,
            funder=funder,
            programme="Eurocluster",
            summary=summary,
            topics=topics,
            eligible_applicants=pack([Applicant.SME]),
            eligibility_note=note,
            opens_on=today - dt.timedelta(days=opened),
            relayed_by=network,
            source=Call.Source.CLUSTER,
            synthetic=True,
            created_by=manager,
        )
        CallDeadline.objects.bulk_create(
            CallDeadline(call=call, date=today + dt.timedelta(days=days)) for days in cutoffs
        )
        calls.append(call)
    return calls


def _interests(calls: list[Call], network: Organisation) -> int:
    """A few synthetic SMEs of the relaying cluster tell it they mean to apply."""
    members = list(
        Organisation.objects.filter(
            synthetic=True,
            kind=Organisation.Kind.SME,
            memberships__network=network,
            memberships__end_date__isnull=True,
        ).order_by("pk")[:40]
    )
    chooser = random.Random(SEED)
    interests = []
    for call in calls:
        for organisation in chooser.sample(members, min(4, len(members))):
            interests.append(
                ExpressionOfInterest(
                    call=call,
                    organisation=organisation,
                    message="We would like to apply; could we talk about the rules?",
                )
            )
    ExpressionOfInterest.objects.bulk_create(interests, ignore_conflicts=True)
    return len(interests)


def _consortium(representative: User, lead: Organisation) -> None:
    """The demo representative's SME starts a consortium on the sample digital-twin call and
    invites one synthetic research centre (its answer is left to the demo)."""
    call = Call.objects.filter(reference="SAMPLE-HORIZON-CL4-2027-TWIN-01").first()
    # The sample's dates are fixed: once the call has closed, the demo starts no consortium.
    if call is None or status_of(call) == CallStatus.CLOSED or lead.led_consortia.exists():
        return
    consortium = start_consortium(
        actor=representative,
        call=call,
        lead=lead,
        name="TWIN-LINES",
        description="Digital twins of packaging and assembly lines for SME manufacturers, "
        "with predictive maintenance.",
        wanted=(("research", "BE"), ("end_user", "FR"), ("research", "DE")),
    )
    research = (
        Organisation.objects.filter(
            synthetic=True, kind=Organisation.Kind.RESEARCH_CENTRE, country="BE"
        )
        .order_by("pk")
        .first()
    )
    if research is not None:
        invite_partner(
            actor=representative,
            consortium=consortium,
            organisation=research,
            role="research",
            wanted=consortium.wanted.filter(role="research", country="BE").first(),
            message="Would your lab join us for the simulation work?",
        )


@transaction.atomic
def load_calls_demo(*, manager: User, representative: User, organisation: Organisation) -> bool:
    """Load the demo's calls once; the demo manager also manages MecaTech (to see who is
    interested in its calls). Returns whether anything was loaded."""
    network = Organisation.objects.filter(slug=RELAYING_SLUG).first()
    if network is None or Call.objects.filter(reference=GEMSTONE_REFERENCE).exists():
        return False
    Affiliation.objects.get_or_create(
        user=manager, organisation=network, role=Affiliation.Role.MANAGER
    )
    calls = _cluster_calls(network, manager)
    import_portal_answer(data=SAMPLE_ANSWER.read_bytes(), synthetic=True)
    _interests(calls, network)
    _consortium(representative, organisation)
    return True
