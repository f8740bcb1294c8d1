"""perf: indexes for the coordinator's start page (issue 16): the cases the retention policy
erases soon per location, and the unhandled crises

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 23:55:00
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_location_stage_closed", ["location_id", "stage", "closed_on"], unique=False)
    with op.batch_alter_table("crises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crises_handled_on"), ["handled_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("crises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crises_handled_on"))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_location_stage_closed")
