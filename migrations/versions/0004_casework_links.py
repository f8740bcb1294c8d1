"""casework links: payments in a debt's history, a mediation's rent debt

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 20:30:00

Issue 12 item 4: a kept rent instalment lowers the rent debt and is written in that debt's
history (``debt_status_changes.event``, ``reference``, sealed ``paid_enc``); a mediation
remembers which rent debt it is about (``mediations.debt_id``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("debt_status_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("reference", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("paid_enc", sa.LargeBinary(), nullable=True))
        batch_op.create_index(batch_op.f("ix_debt_status_changes_reference"), ["reference"], unique=False)
    with op.batch_alter_table("mediations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("debt_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_mediations_debt_id"), ["debt_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_mediations_debt_id_debts"), "debts", ["debt_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("mediations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_mediations_debt_id_debts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_mediations_debt_id"))
        batch_op.drop_column("debt_id")
    with op.batch_alter_table("debt_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debt_status_changes_reference"))
        batch_op.drop_column("paid_enc")
        batch_op.drop_column("reference")
        batch_op.drop_column("event")
