"""Request and response shapes of the API (and thereby its OpenAPI schema).

Write schemas forbid unknown fields (a typo answers 422 naming the field rather than being
ignored); query strings ignore unknown parameters, as the web does.
"""

from datetime import date
from typing import Annotated

from django.db import models
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from maillage.core.links import absolute_url
from maillage.ecosystem.models import Domain, Membership, Organisation
from maillage.events.models import Event, MeetingRequest, Registration

MAX_PAGE_SIZE = 500
#: Databases count rows in signed 64-bit integers: a larger offset is refused (422), not a 500.
MAX_OFFSET = 2**63 - 1 - MAX_PAGE_SIZE


#: A record's number in a path: databases store it as a signed 64-bit integer, so a larger one
#: is refused (422) before a query that some backends (SQLite) cannot even send.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def named_enum(choices: type[models.TextChoices], title: str) -> WithJsonSchema:
    """An enum written inline under its own title. Several models' choices share a class name
    (``Role``, ``Status``), and the schema's components are keyed by that name, so as
    components they would overwrite each other and declare the wrong values."""
    return WithJsonSchema({"title": title, "type": "string", "enum": list(choices.values)})


OrganisationKind = Annotated[Organisation.Kind, named_enum(Organisation.Kind, "OrganisationKind")]
MemberRole = Annotated[Membership.Role, named_enum(Membership.Role, "MemberRole")]
RegistrationRole = Annotated[Registration.Role, named_enum(Registration.Role, "RegistrationRole")]
RegistrationStatus = Annotated[
    Registration.Status, named_enum(Registration.Status, "RegistrationStatus")
]
MeetingRequestStatus = Annotated[
    MeetingRequest.Status, named_enum(MeetingRequest.Status, "MeetingRequestStatus")
]


class Page[T](Schema):
    count: int = Field(description="Items matching the filters, on all pages.")
    limit: int
    offset: int
    items: list[T]


# -- organisations ---------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    kind: OrganisationKind


class ClusterRef(Schema):
    slug: str
    name: str
    kind: OrganisationKind


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: OrganisationKind
    enterprise_number: str = Field(description='BCE/KBO number as "0xxx.xxx.xxx", or "".')
    vat_number: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    address: str
    postcode: str
    city: str
    province: str = Field(description='Belgian province (ISO 3166-2:BE without "BE-"), or "".')
    website: str
    size_band: str
    domains: list[str] = Field(description="Domain codes (see /domains).")
    nace_codes: list[str]
    descriptions: dict[str, str] = Field(description="Descriptions by language code.")
    synthetic: bool = Field(description="Generated demo data, not a real organisation.")
    clusters: list[ClusterRef] = Field(description="Clusters and poles it is a member of.")
    partner_cluster: ClusterRef | None = Field(
        description="For a foreign organisation, the cluster or pole abroad it comes from "
        "(its cluster of origin), or null.",
        validation_alias="origin_cluster",
    )
    logo_url: str | None = Field(
        description="The logo, a PNG within 256 x 256 pixels, or null. Read-only here: it is "
        "uploaded on the organisation's edit page."
    )
    logo_thumbnail_url: str | None = Field(description="The logo within 64 x 64 pixels, or null.")

    @staticmethod
    def resolve_enterprise_number(obj: Organisation) -> str:
        return obj.enterprise_number_display

    @staticmethod
    def resolve_logo_url(obj: Organisation) -> str | None:
        return absolute_url(obj.logo.url) if obj.logo else None

    @staticmethod
    def resolve_logo_thumbnail_url(obj: Organisation) -> str | None:
        return absolute_url(obj.logo_thumbnail.url) if obj.logo_thumbnail else None

    @staticmethod
    def resolve_domains(obj: Organisation) -> list[str]:
        return [domain.code for domain in obj.domains.all()]

    @staticmethod
    def resolve_nace_codes(obj: Organisation) -> list[str]:
        return [nace.code for nace in obj.nace_codes.all()]

    @staticmethod
    def resolve_clusters(obj: Organisation) -> list[Organisation]:
        return [membership.network for membership in obj.memberships.all()]


class _Write(Schema):
    model_config = ConfigDict(extra="forbid")


class OrganisationPut(_Write):
    """Every writable field; fields left out are reset to their defaults (PUT replaces)."""

    name: str
    kind: OrganisationKind
    short_name: str = ""
    enterprise_number: str = Field("", examples=["0403.170.701"])
    vat_number: str = Field("", examples=["FR40303265045"])
    country: str = "BE"
    address: str = ""
    postcode: str = ""
    city: str = ""
    website: str = ""
    size_band: Organisation.SizeBand | None = None
    domains: list[str] = []
    nace_codes: list[str] = []
    descriptions: dict[str, str] = {}


class OrganisationCreate(OrganisationPut):
    clusters: list[str] = Field(
        [], description="Slugs of clusters or poles (that you manage) to add it to."
    )


class OrganisationPatch(_Write):
    """Only the fields sent are changed. ``null`` is refused (send ``""`` to clear a text),
    except for ``size_band``, where it clears the band; the schema says so (the other fields
    are not nullable there)."""

    name: str | SkipJsonSchema[None] = None
    kind: OrganisationKind | SkipJsonSchema[None] = None
    short_name: str | SkipJsonSchema[None] = None
    enterprise_number: str | SkipJsonSchema[None] = Field(None, examples=["0403.170.701"])
    vat_number: str | SkipJsonSchema[None] = None
    country: str | SkipJsonSchema[None] = None
    address: str | SkipJsonSchema[None] = None
    postcode: str | SkipJsonSchema[None] = None
    city: str | SkipJsonSchema[None] = None
    website: str | SkipJsonSchema[None] = None
    size_band: Organisation.SizeBand | None = None
    domains: list[str] | SkipJsonSchema[None] = None
    nace_codes: list[str] | SkipJsonSchema[None] = None
    descriptions: dict[str, str] | SkipJsonSchema[None] = None


def write_data(payload: Schema, *, partial: bool) -> dict[str, object]:
    """A write schema as the plain ``data`` mapping the services take."""
    data: dict[str, object] = payload.model_dump(mode="json", exclude_unset=partial)
    if "size_band" in data and data["size_band"] is None:
        data["size_band"] = ""
    return data


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str
    public_consent: bool


# -- clusters and poles ----------------------------------------------------------------------


class ClusterOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: OrganisationKind
    website: str
    city: str
    member_count: int


class MemberOut(Schema):
    organisation: OrganisationRef
    role: MemberRole
    start_date: date | None
    end_date: date | None


class ClusterDetailOut(ClusterOut):
    descriptions: dict[str, str]
    domains: list[str]
    members: list[MemberOut]

    @staticmethod
    def resolve_domains(obj: Organisation) -> list[str]:
        return [domain.code for domain in obj.domains.all()]

    @staticmethod
    def resolve_members(obj: Organisation) -> list[Membership]:
        return list(obj.member_links.all())


# -- domains ---------------------------------------------------------------------------------


class DomainOut(Schema):
    code: str
    label_fr: str
    label_en: str
    label_nl: str = Field(description="Blank when not translated yet (read English instead).")
    parent: str | None = Field(description="Code of the strategic axis it belongs to.")

    @staticmethod
    def resolve_parent(obj: Domain) -> str | None:
        return obj.parent.code if obj.parent is not None else None


# -- events ----------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    slug: str
    name: str
    year: int | None
    start_date: date | None
    end_date: date | None
    venue: str
    participant_count: int
    schedule_published: bool = Field(description="Whether the B2B schedule is published.")
    organisers: list[OrganisationRef]

    @staticmethod
    def resolve_year(obj: Event) -> int | None:
        return obj.year or (obj.start_date.year if obj.start_date else None)

    @staticmethod
    def resolve_organisers(obj: Event) -> list[Organisation]:
        return list(obj.organisers.all())

    @staticmethod
    def resolve_participant_count(obj: Event) -> int:
        """Live editions count their confirmed registrations; past ones report attendance."""
        return getattr(obj, "confirmed", 0) or obj.participant_count


class EventDetailOut(EventOut):
    description: str


class ProblemOut(Schema):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: dict[str, list[str]] | None = Field(
        None, description="For validation failures: field -> messages."
    )
