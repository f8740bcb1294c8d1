"""statements: the sealed review state of an imported bank statement, and the source of a
budget line ("bankafschrift") (issue 17)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("budget_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
    op.create_table(
        "statement_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_statement_reviews_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_statement_reviews_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_reviews")),
    )
    with op.batch_alter_table("statement_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_reviews_case_id"), ["case_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_statement_reviews_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statement_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_reviews_expires_at"))
        batch_op.drop_index(batch_op.f("ix_statement_reviews_case_id"))
    op.drop_table("statement_reviews")
    with op.batch_alter_table("budget_items", schema=None) as batch_op:
        batch_op.drop_column("source")
