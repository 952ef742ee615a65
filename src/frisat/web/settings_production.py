"""Production settings: HTTPS only, secure cookies, HSTS. ``manage.py check --deploy`` is clean."""

from frisat.web.settings import *  # noqa: F403
from frisat.web.settings import DEBUG

if DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FRISAT_DEBUG må ikke være slået til i produktion.")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
