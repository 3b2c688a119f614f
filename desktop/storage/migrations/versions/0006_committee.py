"""committee mode: organisation snapshots, bundle facts, compliance cells, integrity alerts, reviews

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 15:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committee_org',
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('doc', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('branch_id', name=op.f('pk_committee_org'))
    )
    op.create_table('committee_bundle',
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('prev_bundle', sa.String(length=64), nullable=True),
    sa.Column('bundle_sha256', sa.String(length=64), nullable=False),
    sa.Column('ledger_from', sa.Integer(), nullable=False),
    sa.Column('ledger_length', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('branch_id', 'seq', name=op.f('pk_committee_bundle'))
    )
    op.create_table('committee_cell',
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('rule_id', sa.String(length=60), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('required', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('records', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('branch_id', 'rule_id', 'period', name=op.f('pk_committee_cell'))
    )
    with op.batch_alter_table('committee_cell', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_cell_year'), ['year'], unique=False)
    op.create_table('committee_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('bundle_seq', sa.Integer(), nullable=True),
    sa.Column('entry_seq', sa.Integer(), nullable=True),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_alert'))
    )
    with op.batch_alter_table('committee_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_alert_branch_id'), ['branch_id'], unique=False)
    op.create_table('committee_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('sent_in_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_review'))
    )
    with op.batch_alter_table('committee_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_review_branch_id'), ['branch_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("migrations are forward-only; restore a backup instead")
