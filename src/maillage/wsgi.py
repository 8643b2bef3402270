import os

from django.core.wsgi import get_wsgi_application

from maillage.core.startup import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
application = get_wsgi_application()
# Refuse to serve with the built-in (public) secret key outside debug and the demo.
check_secret_key()
