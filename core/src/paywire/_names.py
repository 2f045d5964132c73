"""A person's name as processors want it: one canonical ``customer_name``, or the first and last
name of the billing address, or both, turned into the given and family names most processors
keep (Square, Authorize.net, Braintree, Finix, Stax, Airwallex...)."""

from __future__ import annotations

__all__ = ["split_name"]


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def split_name(
    customer_name: str | None, first: str | None = None, last: str | None = None
) -> tuple[str | None, str | None] | None:
    """``(given, family)`` from ``customer_name`` and a first and last name (the billing
    address's), or None when they contradict each other.

    - Only ``first``/``last``: used as they are (the person split the name: no guessing).
    - Only ``customer_name``: its first word is the given name, the rest the family name
      ("Ana María López" -> "Ana", "María López"); a single word is a given name alone.
    - Both: ``first``/``last`` say where ``customer_name`` splits. It must start with ``first``,
      and ``last`` must start the rest (whole words), so every word of every field is kept;
      anything else is a contradiction (None) that the connector refuses, naming the fields.

    Runs of spaces count as one; a blank name gives ``(None, None)``.
    """
    if customer_name is None:
        return first, last
    words = _words(customer_name)
    if first is None and last is None:
        return (words[0], " ".join(words[1:]) or None) if words else (None, None)
    if first is not None:
        given = _words(first)
        rest = words[len(given) :]
        if not given or words[: len(given)] != given:
            return None
        if last is not None and (not _words(last) or rest[: len(_words(last))] != _words(last)):
            return None
        return " ".join(given), " ".join(rest) or None
    assert last is not None
    family = _words(last)
    for start in range(len(words) - len(family) + 1):
        if family and words[start : start + len(family)] == family:
            return " ".join(words[:start]) or None, " ".join(words[start:])
    return None
