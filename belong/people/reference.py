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


def ensure_reference_data(level_model, language_model, levels: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Create the ladder and languages if missing. Takes the models so migrations can pass
    their historical ones, and tests that flush the database can restore them."""
    for rank, code in enumerate(levels, start=1):
        level_model.objects.get_or_create(code=code, defaults={"rank": rank})
    for code, name in LANGUAGES.items():
        language_model.objects.get_or_create(code=code, defaults={"name": str(name)})
