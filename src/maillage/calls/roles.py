"""Which organisations can play which role in a consortium, and what each role is wanted for."""

from maillage.calls.models import PartnerRole
from maillage.ecosystem.models import Organisation

#: Kinds of organisation that can fill each role.
KINDS_OF_ROLE: dict[str, tuple[str, ...]] = {
    PartnerRole.COORDINATOR: (
        Organisation.Kind.SME,
        Organisation.Kind.LARGE_COMPANY,
        Organisation.Kind.RESEARCH_CENTRE,
        Organisation.Kind.UNIVERSITY,
    ),
    PartnerRole.RESEARCH: (
        Organisation.Kind.RESEARCH_CENTRE,
        Organisation.Kind.UNIVERSITY,
        Organisation.Kind.HAUTE_ECOLE,
    ),
    PartnerRole.TECHNOLOGY_PROVIDER: (
        Organisation.Kind.SME,
        Organisation.Kind.STARTUP,
        Organisation.Kind.LARGE_COMPANY,
    ),
    PartnerRole.END_USER: (
        Organisation.Kind.SME,
        Organisation.Kind.LARGE_COMPANY,
        Organisation.Kind.STARTUP,
        Organisation.Kind.PUBLIC_BODY,
    ),
    PartnerRole.SME: (Organisation.Kind.SME, Organisation.Kind.STARTUP),
    PartnerRole.LARGE_COMPANY: (Organisation.Kind.LARGE_COMPANY,),
    PartnerRole.PUBLIC_BODY: (Organisation.Kind.PUBLIC_BODY,),
    PartnerRole.CLUSTER: (Organisation.Kind.CLUSTER, Organisation.Kind.POLE),
}

#: Roles wanted for what the call asks (their query needs the call's topics); the others are
#: wanted for what the consortium brings (their query offers the topics).
ASKING_ROLES = frozenset(
    {PartnerRole.RESEARCH, PartnerRole.TECHNOLOGY_PROVIDER, PartnerRole.COORDINATOR}
)
