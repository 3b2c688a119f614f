"""监票人 / 计票人 of a ballot, 谈话人 and 记录人 of a 谈心谈话

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Plain nullable columns (SQLite ``ALTER TABLE … ADD COLUMN``, no table rebuild, so the guard triggers stay).
Rows already there keep NULL, which the record builders read as "not recorded"; the canonical form leaves
such fields out, so every record chained before this revision still verifies.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('meeting_resolution', sa.Column('scrutineers', sa.JSON(), nullable=True))
    op.add_column('meeting_resolution', sa.Column('tellers', sa.JSON(), nullable=True))
    op.add_column('heart_talk', sa.Column('interviewers', sa.JSON(), nullable=True))
    # Alembic refuses a foreign key in add_column on SQLite; SQLite itself accepts it on a NULL column
    op.execute("ALTER TABLE heart_talk ADD COLUMN recorder_id INTEGER REFERENCES member (id)")
    op.add_column('heart_talk', sa.Column('recorder_name', sa.String(length=60), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("migrations are forward-only; restore a backup instead")
