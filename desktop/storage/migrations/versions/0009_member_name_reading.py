"""The pinyin reading of each member's name, kept in the book

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

Sorting a roster by 姓氏笔画 or 拼音 needs each name's reading, which pypinyin gives only after loading its
phrase table (≈0.2 s, most of ``zhibu-cli members list``). The reading is stored next to the name (a plain
nullable column, SQLite ``ALTER TABLE … ADD COLUMN``: no table rebuild) and backfilled here for the members
already in the book; the ORM writes it with every later name (``desktop/storage/models.py``). The member row is
not part of any chained record, so nothing chained changes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from desktop.domain.ordering import reading

    op.add_column('member', sa.Column('name_reading', sa.String(length=200), nullable=True))
    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, name FROM member").fetchall()
    for member_id, name in rows:
        conn.exec_driver_sql("UPDATE member SET name_reading = ? WHERE id = ?", (reading(name or ""), member_id))


def downgrade() -> None:
    raise NotImplementedError("migrations are forward-only; restore a backup instead")
