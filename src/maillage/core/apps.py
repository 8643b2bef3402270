from django.apps import AppConfig
from django.utils.translation import gettext_noop

#: Django's own messages that its Dutch catalogue lacks: without them here, a Dutch page would
#: fall back to the French of the default language (Django's blank choice of a select).
DJANGO_MESSAGES_MISSING_IN_DUTCH = (gettext_noop("- Select an option -"),)


class CoreConfig(AppConfig):
    name = "maillage.core"
    verbose_name = "Core"
