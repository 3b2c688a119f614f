"""audit log hash chain and its guard triggers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

The audit log becomes a hash chain (``desktop/ledger/audit_chain.py``); the rows already there are chained in id
order with the same formula (copied here, so later code changes cannot change what this migration does).
"""
import hashlib
import json
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_LOCKED = "SELECT RAISE(ABORT, 'zhibu: the audit log is append-only')"
GUARDS = [
    f"CREATE TRIGGER guard_audit_log_update BEFORE UPDATE ON audit_log BEGIN {_LOCKED}; END",
    f"CREATE TRIGGER guard_audit_log_delete BEFORE DELETE ON audit_log BEGIN {_LOCKED}; END",
]


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def _hash(row_id, prev, at, action, detail):
    stamp = f"{at.year:04d}-{at.month:02d}-{at.day:02d}T{at.hour:02d}:{at.minute:02d}:{at.second:02d}"
    body = json.dumps({"action": _nfc(action), "at": stamp, "detail": _nfc(detail or "")}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(b"zhibu/audit/v1\x00" + row_id.to_bytes(8, "big") + bytes.fromhex(prev) + body).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    table = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
                     sa.column('action', sa.String), sa.column('detail', sa.Text),
                     sa.column('prev_hash', sa.String), sa.column('hash', sa.String))
    conn = op.get_bind()
    prev = "0" * 64
    for row in conn.execute(sa.select(table.c.id, table.c.at, table.c.action, table.c.detail).order_by(table.c.id)).all():
        h = _hash(row.id, prev, row.at, row.action, row.detail)
        conn.execute(table.update().where(table.c.id == row.id).values(prev_hash=prev, hash=h))
        prev = h
    for statement in GUARDS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("migrations are forward-only; restore a backup instead")
