"""Every text written to the book passes ``desktop.domain.text.clean``: one guard below all the services.

An attribute ``set`` listener on each String/Text/JSON column replaces the value with its cleaned form at the
moment it is assigned, so whatever a service reads back (to validate, to build a ledger envelope, to hash) is
already what will be stored. Hashes, keys and enum columns are left alone.
"""

from __future__ import annotations

from sqlalchemy import JSON, Enum, String, Text, event
from sqlalchemy.orm import Mapper

from desktop.domain.text import clean_value

_SKIP_TABLES = {"ledger_entry", "book_setting", "audit_chain"}
# 报送 and committee tables hold signed or hashed bytes from bundles and receipts: they must stay byte-exact.
_SKIP_PREFIXES = ("sync_", "committee_")


def _on_set(target, value, oldvalue, initiator):
    return clean_value(value)


@event.listens_for(Mapper, "mapper_configured")
def _guard_text_columns(mapper, cls) -> None:
    table = getattr(mapper, "local_table", None)
    name = getattr(table, "name", None) if table is not None else None
    if name is None or name in _SKIP_TABLES or name.startswith(_SKIP_PREFIXES):
        return
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if isinstance(column.type, Enum) or not isinstance(column.type, (String, Text, JSON)):
            continue
        event.listen(getattr(cls, prop.key), "set", _on_set, retval=True)
