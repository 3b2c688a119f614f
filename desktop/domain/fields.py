"""Field markers of the record dataclasses that the ledger's canonical form (``desktop.ledger.canonical``) obeys."""

from __future__ import annotations

import dataclasses

OMIT_EMPTY = "zhibu.canonical.omit_empty"


def omit_if_empty(default=None):
    """A field added to a record type after records of it were chained: the canonical form leaves it out while
    it is None or empty ("", (), [], {}), so every record finalized before the field existed still verifies."""
    return dataclasses.field(default=default, metadata={OMIT_EMPTY: True})


def is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, tuple, list, dict)) and not value)
