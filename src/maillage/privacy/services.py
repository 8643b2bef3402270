"""A person's own account: deleting it (anonymising what others depend on) and consents.

Deleting an account must not cascade into other people's data: the person's registrations stay,
so that their meetings remain in the other participants' agendas (shown with "a former
participant"), their ideas keep their text and their votes still count. What is only theirs goes:
roles, contact entries, API tokens, feedback, pending import jobs, and every detail that
identifies them on the account itself.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.api.models import ApiToken
from maillage.audit.services import record_event
from maillage.ecosystem.models import Contact, ImportJob
from maillage.events.models import Registration
from maillage.events.models.registration import new_agenda_token
from maillage.matching.models import SuggestionFeedback

#: E-mail addresses of deleted accounts: a reserved domain that can never receive mail.
DELETED_DOMAIN = "deleted.invalid"


def delete_account(*, user: User) -> None:
    """Erase ``user``'s identity and what is only theirs; keep, anonymised, what others need.

    The caller has checked the person's password and logs them out afterwards.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        Affiliation.objects.filter(user=user).delete()
        AffiliationClaim.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        Contact.objects.filter(user=user).delete()
        SuggestionFeedback.objects.filter(user=user).delete()
        ImportJob.objects.filter(user=user).delete()
        # Their calendar feeds stop working: the address was a secret of the person.
        for registration in Registration.objects.filter(user=user).only("pk"):
            registration.agenda_token = new_agenda_token()
            registration.save(update_fields=["agenda_token"])
        user.email = f"deleted-{user.pk}-{secrets.token_hex(4)}@{DELETED_DOMAIN}"
        user.full_name = ""
        user.language = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.deleted_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        record_event(actor=user, action="account.deleted", target=user)


def withdraw_consent(*, user: User, contact: Contact) -> Contact:
    """Stop showing the person's contact entry to the public (members still see it)."""
    if contact.user_id != user.pk:
        raise PermissionDenied(_("This is not your contact entry."))
    if contact.public_consent:
        contact.public_consent = False
        contact.save(update_fields=["public_consent"])
        record_event(actor=user, action="consent.withdrawn", target=contact)
    return contact
