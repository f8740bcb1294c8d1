"""documents: the case's documents, sealed in the database (issue 15, items 1 and 2), and the
receiving organisation's age public key for the sealed handover package (item 5)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("active_content", sa.Boolean(), nullable=False),
        sa.Column("link_kind", sa.String(length=12), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=True),
        sa.Column("voorlegger_code", sa.String(length=40), nullable=True),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("content_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_documents_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["debt_id"], ["debts.id"], name=op.f("fk_case_documents_debt_id_debts"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"], name=op.f("fk_case_documents_uploaded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_documents")),
    )
    with op.batch_alter_table("case_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_documents_debt_id"), ["debt_id"], unique=False)
    with op.batch_alter_table("receiving_orgs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_recipient", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("receiving_orgs", schema=None) as batch_op:
        batch_op.drop_column("age_recipient")
    with op.batch_alter_table("case_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_documents_debt_id"))
        batch_op.drop_index(batch_op.f("ix_case_documents_case_id"))
    op.drop_table("case_documents")
