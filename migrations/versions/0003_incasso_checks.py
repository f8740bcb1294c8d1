"""incasso checks on a debt: Justis register answer, Wki instalment and half-years (issue 14)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collector_in_register", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("wki_periods", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("termijnbedrag_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.drop_column("termijnbedrag_enc")
        batch_op.drop_column("wki_periods")
        batch_op.drop_column("collector_in_register")
