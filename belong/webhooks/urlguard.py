"""Which URLs Belong will POST to: the guard against server-side request forgery.

Only http(s); https unless the site runs in DEBUG or the target is a loopback receiver that
settings allow. Every address the host resolves to must be public unless
`BELONG_WEBHOOKS_ALLOW_PRIVATE` is on (development and tests). The check runs when an
endpoint is saved and again before every attempt, because DNS answers change; redirects are
never followed, so a public host cannot bounce a request inward.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _allow_private() -> bool:
    return bool(getattr(settings, "BELONG_WEBHOOKS_ALLOW_PRIVATE", False))


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("The host %(host)s could not be found."), params={"host": host}, code="dns"
        ) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url: str) -> None:
    """Raise ValidationError saying what is wrong with `url` as a webhook target."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise ValidationError(_("Use an http or https URL."), code="scheme")
    if not parts.hostname:
        raise ValidationError(_("The URL has no host."), code="host")
    if parts.username or parts.password:
        raise ValidationError(
            _("Leave credentials out of the URL; receivers verify the signature instead."),
            code="credentials",
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(
            _("The port is not a number from 1 to 65535."), code="port"
        ) from error
    addresses = _addresses(parts.hostname, port)
    private = [a for a in addresses if not _is_public(a)]
    if private and not _allow_private():
        raise ValidationError(
            _(
                "%(host)s is a private, loopback or reserved address; "
                "Belong only calls public hosts."
            ),
            params={"host": parts.hostname},
            code="private",
        )
    loopback_only = bool(addresses) and all(a.is_loopback for a in addresses)
    if parts.scheme == "http" and not settings.DEBUG and not (loopback_only and _allow_private()):
        raise ValidationError(_("Use https: webhooks carry company data."), code="https")
