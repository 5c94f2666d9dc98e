"""The Spanish catalogue is complete, keeps every placeholder, and is compiled."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOGUE / "django.po"))


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def test_every_message_is_translated_and_none_is_fuzzy(po: polib.POFile) -> None:
    missing = [entry.msgid for entry in _live(po) if not entry.translated()]
    fuzzy = [entry.msgid for entry in _live(po) if "fuzzy" in entry.flags]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_translations_keep_every_placeholder(po: polib.POFile) -> None:
    broken = []
    for entry in _live(po):
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, target in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                broken.append(f"{source!r} -> {target!r}")
    assert not broken, "\n".join(broken)


def test_the_compiled_catalogue_matches_the_source(po: polib.POFile) -> None:
    """Forgetting `make messages` after translating would ship the old words."""
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    stale = []
    for entry in _live(po):
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None or (found.msgstr, found.msgstr_plural) != (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ):
            stale.append(entry.msgid)
    assert not stale, f"{len(stale)} differ from django.mo; run `make messages`: {stale[:5]}"
