"""Load the Walloon ecosystem seed data (``data/walloon_ecosystem.json``) into the database.

The data file holds the facts of the public seeds, written in our own words: the domain
taxonomy, a NACE Rev. 2 subset, the poles and clusters, the past "ICT meets ..." editions,
MecaTech's European projects, the InnoGO 2025 pitches and a few labelled initiatives.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from maillage.core.i18n import label_fields
from maillage.ecosystem.models import (
    Domain,
    Initiative,
    NaceCode,
    Organisation,
    Project,
    ProjectPartner,
)
from maillage.events.models import Event

SEED_FILE = Path(__file__).resolve().parent / "data" / "walloon_ecosystem.json"


@dataclass(frozen=True)
class SeedSummary:
    domains: int
    nace_codes: int
    organisations: int
    events: int
    projects: int
    initiatives: int


@cache
def seed_data() -> dict[str, Any]:
    """The parsed data file (read once per process)."""
    with SEED_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@transaction.atomic
def load_seed_data() -> SeedSummary:
    """Create what is missing from the seed data; running it again changes nothing.

    Rows are found by their natural key (domain and NACE codes, organisation and event slugs,
    project acronyms, initiative names) and created only when absent, so edits made in the
    platform since the first load are kept.
    """
    data = seed_data()
    domains = _load_domains(data)
    nace = _load_nace(data)
    fill_blank_labels()
    organisations = _load_organisations(data, domains, nace)
    events = _load_events(data, organisations)
    projects = _load_projects(data, organisations)
    initiatives = _load_initiatives(data, organisations)
    return SeedSummary(
        domains=len(domains),
        nace_codes=len(nace),
        organisations=len(organisations),
        events=events,
        projects=projects,
        initiatives=initiatives,
    )


def _labels(row: dict[str, Any]) -> dict[str, str]:
    return {name: row.get(name, "") for name in label_fields()}


def _load_domains(data: dict[str, Any]) -> dict[str, Domain]:
    domains: dict[str, Domain] = {}
    for axis in data["axes"]:
        domains[axis["code"]], _ = Domain.objects.get_or_create(
            code=axis["code"], defaults=_labels(axis)
        )
    for row in data["domains"]:
        domains[row["code"]], _ = Domain.objects.get_or_create(
            code=row["code"], defaults={**_labels(row), "parent": domains[row["parent"]]}
        )
    return domains


def _load_nace(data: dict[str, Any]) -> dict[str, NaceCode]:
    existing = {nace.code: nace for nace in NaceCode.objects.all()}
    missing = [
        NaceCode(code=row["code"], **_labels(row))
        for row in data["nace"]
        if row["code"] not in existing
    ]
    NaceCode.objects.bulk_create(missing)
    return {nace.code: nace for nace in NaceCode.objects.all()}


def fill_blank_labels(domain_model: Any = Domain, nace_model: Any = NaceCode) -> int:
    """Give the seed's domains, axes and NACE codes the seed's label in each language they
    have blank (Dutch, for rows loaded before it was added; a label edited in the platform is
    kept). Returns how many rows changed. The models are parameters for the data migration,
    which passes its historical ones."""
    data = seed_data()
    changed = 0
    for model, rows in (
        (domain_model, [*data["axes"], *data["domains"]]),
        (nace_model, data["nace"]),
    ):
        by_code = {row["code"]: _labels(row) for row in rows}
        for item in model.objects.filter(code__in=list(by_code)):
            blank = [
                name
                for name, label in by_code[item.code].items()
                if label and not getattr(item, name)
            ]
            for name in blank:
                setattr(item, name, by_code[item.code][name])
            if blank:
                item.save(update_fields=blank)
                changed += 1
    return changed


def _load_organisations(
    data: dict[str, Any], domains: dict[str, Domain], nace: dict[str, NaceCode]
) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for row in data["organisations"]:
        organisation, created = Organisation.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "kind": row["kind"],
                "country": row.get("country", "BE"),
                "website": row.get("website", ""),
                "descriptions": row["descriptions"],
            },
        )
        if created:
            organisation.domains.set([domains[code] for code in row.get("domains", [])])
            organisation.nace_codes.set([nace[code] for code in row.get("nace", [])])
        organisations[row["slug"]] = organisation
    return organisations


def _load_events(data: dict[str, Any], organisations: dict[str, Organisation]) -> int:
    for row in data["events"]:
        event, created = Event.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                # The programme started in 2014 and ran three years; the seeds do not say which
                # edition took place when, so the year stays unknown.
                "year": row.get("year"),
                "participant_count": row["participant_count"],
                "description": (
                    f'Intersectoral "ICT meets ..." meeting between the ICT sector and '
                    f"{row['sector_en']}: a conference, a brainstorming session and B2B meetings."
                ),
            },
        )
        if created:
            event.organisers.set([organisations[slug] for slug in row["organisers"]])
    return len(data["events"])


def _load_projects(data: dict[str, Any], organisations: dict[str, Organisation]) -> int:
    rows: list[dict[str, Any]] = list(data["projects"])
    pitches = data["pitches"]
    for item in pitches["items"]:
        description = pitches["description"]
        if item.get("extra"):
            description = f"{description} {item['extra']}"
        rows.append(
            {
                "acronym": item["acronym"],
                "name": item["acronym"],
                "kind": Project.Kind.PITCH,
                "programme": pitches["programme"],
                "description": description,
                "partners": item["partners"],
            }
        )
    for row in rows:
        project, created = Project.objects.get_or_create(
            acronym=row["acronym"],
            kind=row["kind"],
            defaults={
                "name": row["name"],
                "programme": row["programme"],
                "description": row["description"],
            },
        )
        if not created:
            continue
        ProjectPartner.objects.bulk_create(
            ProjectPartner(
                project=project,
                organisation=organisations.get(partner.get("organisation", "")),
                name=partner.get("name", ""),
                country=partner.get("country", ""),
                role=partner.get("role", ProjectPartner.Role.PARTNER),
                people=partner.get("people", ""),
            )
            for partner in row["partners"]
        )
    return len(rows)


def _load_initiatives(data: dict[str, Any], organisations: dict[str, Organisation]) -> int:
    for row in data["initiatives"]:
        Initiative.objects.get_or_create(
            name=row["name"],
            defaults={
                "description": row["description"],
                "organisation": organisations.get(row["organisation"] or ""),
                "website": row.get("website", ""),
            },
        )
    return len(data["initiatives"])


def network_slugs() -> list[str]:
    """Slugs of the seed's clusters and poles, in file order."""
    return [
        row["slug"]
        for row in seed_data()["organisations"]
        if row["kind"] in Organisation.NETWORK_KINDS
    ]
