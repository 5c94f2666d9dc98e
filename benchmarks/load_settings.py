"""Benchmark-only settings for `benchmarks/load.py`: production settings (DEBUG off,
whitenoise, the database backend for tasks) plus a bare endpoint and plain-HTTP cookies.

Never used by the product. The two differences from production are deliberate:
- ROOT_URLCONF adds `/bench/bare/`, the peer every page is compared with;
- cookies are not marked Secure, because the benchmark talks plain HTTP on loopback
  (in production TLS ends at the proxy and the cookies stay Secure).
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
