"""report contributions and published periods (issue 13)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 20:30:00

The rows are filled by the app, not here (the resident key and the sealed amounts need the
master key): the report loader calls ``ensure_contributions`` for cases without a row, and
``flask reports-rebuild`` recomputes every row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_contributions",
        sa.Column("contrib_case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("resident_key", sa.String(length=64), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(length=30), nullable=True),
        sa.Column("referral", sa.String(length=40), nullable=True),
        sa.Column("landlord", sa.String(length=40), nullable=True),
        sa.Column("step_a_on", sa.Date(), nullable=True),
        sa.Column("step_b_on", sa.Date(), nullable=True),
        sa.Column("step_c_on", sa.Date(), nullable=True),
        sa.Column("handover_on", sa.Date(), nullable=True),
        sa.Column("handover_route", sa.String(length=30), nullable=True),
        sa.Column("handover_result", sa.String(length=30), nullable=True),
        sa.Column("creditor_band", sa.String(length=10), nullable=True),
        sa.Column("debt_band", sa.String(length=12), nullable=True),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("amounts_enc", sa.LargeBinary(), nullable=True),
        sa.Column("erased_reason", sa.String(length=30), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("contrib_case_id", name=op.f("pk_report_contributions")),
    )
    with op.batch_alter_table("report_contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_contributions_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_contributions_opened_on"), ["opened_on"], unique=False)
    op.create_table(
        "report_published_periods",
        sa.Column("period_code", sa.String(length=12), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("cases_seen", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["closed_by"], ["users.id"], name=op.f("fk_report_published_periods_closed_by_users")),
        sa.PrimaryKeyConstraint("period_code", name=op.f("pk_report_published_periods")),
    )


def downgrade() -> None:
    op.drop_table("report_published_periods")
    with op.batch_alter_table("report_contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_contributions_opened_on"))
        batch_op.drop_index(batch_op.f("ix_report_contributions_location_id"))
    op.drop_table("report_contributions")
