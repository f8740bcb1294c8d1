"""hardening: second-factor failures per login and per user, known devices and failed-login
notices (issue 16, findings 1 and 5); coach-typed creditors sealed in the case (finding 6)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("factor", sa.String(length=10), server_default="password", nullable=False))
        batch_op.add_column(sa.Column("device_digest", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_login_attempts_device_digest"), ["device_digest"], unique=False)
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_failures", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "security_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("seen_by_user_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_security_notices_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_notices")),
    )
    with op.batch_alter_table("security_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_notices_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_notices_at"), ["at"], unique=False)
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("creditor_pending", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_debts_creditor_pending"), ["creditor_pending"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debts_creditor_pending"))
        batch_op.drop_column("creditor_pending")
    with op.batch_alter_table("security_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_notices_at"))
        batch_op.drop_index(batch_op.f("ix_security_notices_user_id"))
    op.drop_table("security_notices")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("code_failures")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_device_digest"))
        batch_op.drop_column("device_digest")
        batch_op.drop_column("factor")
