"""Reference data shipped with Belong: the default level ladder and language names."""

from django.utils.translation import gettext_lazy as _

DEFAULT_LEVELS = [f"L{n}" for n in range(1, 13)]

LANGUAGES = {
    "ar": _("Arabic"),
    "bn": _("Bengali"),
    "cs": _("Czech"),
    "da": _("Danish"),
    "de": _("German"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "he": _("Hebrew"),
    "hi": _("Hindi"),
    "hu": _("Hungarian"),
    "id": _("Indonesian"),
    "it": _("Italian"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "ms": _("Malay"),
    "nl": _("Dutch"),
    "no": _("Norwegian"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "sv": _("Swedish"),
    "sw": _("Swahili"),
    "ta": _("Tamil"),
    "te": _("Telugu"),
    "th": _("Thai"),
    "tl": _("Tagalog"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "ur": _("Urdu"),
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
}
