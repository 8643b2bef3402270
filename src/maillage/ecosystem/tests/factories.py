"""factory_boy factories for the directory; other apps' tests build on these."""

from typing import Any

import factory
from django.utils.text import slugify

from maillage.accounts.models import Affiliation, User
from maillage.ecosystem.identifiers import format_enterprise_number
from maillage.ecosystem.models import Contact, Domain, Membership, Organisation


def valid_enterprise_number(seed: int) -> str:
    """A valid BCE/KBO number (``0xxx.xxx.xxx``) derived from ``seed``."""
    base = 4_000_000 + seed  # eight digits with a leading 0: a BCE number starts with 0 or 1
    digits = f"{base:08d}{97 - base % 97:02d}"
    return format_enterprise_number(digits)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class DomainFactory(factory.django.DjangoModelFactory[Domain]):
    class Meta:
        model = Domain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"domain-{n}")
    label_fr = factory.LazyAttribute(lambda o: f"Domaine {o.code}")
    label_en = factory.LazyAttribute(lambda o: f"Domain {o.code}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} SRL")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.SME
    country = "BE"
    postcode = "4000"
    city = "Liège"
    province = "WLG"
    descriptions = factory.LazyAttribute(lambda o: {"fr": f"Description de {o.name}."})


class NetworkFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Cluster {n}")
    kind = Organisation.Kind.CLUSTER


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(NetworkFactory)


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+32 4 123 45 67"


class AffiliationFactory(factory.django.DjangoModelFactory[Affiliation]):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Affiliation.Role.MEMBER
