"""Canonical BCP 47 locale tags -> the one Mollie ``locale`` a customer holds.

Mollie's ``locale`` is one value of a closed list written ``xx_YY`` (docs.mollie.com/reference/
create-customer). A canonical tag maps to it when it names a language and a region Mollie lists,
in either case and with ``-`` or ``_`` (``en-US``, ``EN_us`` -> ``en_US``). A bare language takes
the region CLDR's likely-subtags data gives it (``fr`` -> ``fr_FR``, ``en`` -> ``en_US``), and is
refused when that region is not in Mollie's list (``pt`` is ``pt_BR`` in CLDR: say ``pt-PT``).
Anything else (a script, a variant, a numeric region such as ``es-419``, a language Mollie does
not list) has no Mollie locale and is refused, never approximated.
"""

from __future__ import annotations

import re

__all__ = ["MOLLIE_LOCALES", "mollie_locale"]

MOLLIE_LOCALES: frozenset[str] = frozenset(
    {
        "en_US",
        "en_GB",
        "nl_NL",
        "nl_BE",
        "de_DE",
        "de_AT",
        "de_CH",
        "fr_FR",
        "fr_BE",
        "es_ES",
        "ca_ES",
        "pt_PT",
        "it_IT",
        "nb_NO",
        "sv_SE",
        "fi_FI",
        "da_DK",
        "is_IS",
        "hu_HU",
        "pl_PL",
        "lv_LV",
        "lt_LT",
    }
)
"""The 22 values of ``locale`` in Mollie's Create customer reference (docs.mollie.com/reference/
create-customer, checked 2026-11). Mollie's OpenAPI-generated SDK lists six more in its *response*
enum (cs_CZ, de_LU, en_BE, en_NL, fr_LU, sk_SK); the request documentation does not, so they are
not sent."""

LIKELY_REGIONS: dict[str, str] = {
    "ca": "ES",
    "da": "DK",
    "de": "DE",
    "en": "US",
    "es": "ES",
    "fi": "FI",
    "fr": "FR",
    "hu": "HU",
    "is": "IS",
    "it": "IT",
    "lt": "LT",
    "lv": "LV",
    "nb": "NO",
    "nl": "NL",
    "pl": "PL",
    "sv": "SE",
}
"""CLDR likely subtags (``likelySubtags.json``: ``fr`` -> ``fr_Latn_FR``) for the languages Mollie
lists: the region a bare language tag means. ``pt`` is left out: its likely region is ``BR``, not
in Mollie's list, so a bare ``pt`` is refused like any language without an entry."""

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?")


def mollie_locale(tag: str) -> str | None:
    """Mollie's ``locale`` for the canonical tag ``tag``, or None when Mollie has none for it."""
    match = _TAG.fullmatch(tag)
    if match is None:
        return None
    language, region = match.group(1).lower(), match.group(2)
    region = region.upper() if region is not None else LIKELY_REGIONS.get(language)
    locale = f"{language}_{region}"
    return locale if locale in MOLLIE_LOCALES else None


def locale_on_the_wire(tag: str) -> str:
    """``mollie_locale`` for ``FieldMap.convert``: the text Mollie holds for an accepted tag."""
    return mollie_locale(tag) or ""
