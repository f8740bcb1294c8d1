"""letters to creditors (issue 15 items 3 and 4): letter templates (versioned; the four default
texts are version 1 in the code until a beheerder first edits one, then stored with it: a
migration that inserted rows would make a fresh instance "not empty" for a restore), letters per debt with the creditor's answer (sealed content, free
text and note), and the creditor's stance on a debt (kennisgeving … heroverweging).

Existing debts keep every value they had: the stance is a new, separate column (the collection
status stays as it is). Nothing was ever sent from the app before this revision, so every
existing debt starts without a stance ("nog niets gestuurd"); none is guessed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:40:00
"""


import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_user_id"], ["users.id"], name=op.f("fk_letter_templates_created_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_templates")),
        sa.UniqueConstraint("kind", "version", name="uq_letter_templates_kind_version"),
    )
    with op.batch_alter_table("letter_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_templates_kind"), ["kind"], unique=False)
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("stance_before", sa.String(length=20), nullable=True),
        sa.Column("stance_after", sa.String(length=20), nullable=True),
        sa.Column("answer_on", sa.Date(), nullable=True),
        sa.Column("answer_kind", sa.String(length=20), nullable=True),
        sa.Column("answer_by_user_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=True),
        sa.Column("free_text_enc", sa.LargeBinary(), nullable=True),
        sa.Column("answer_note_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_letters_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["debt_id"], ["debts.id"], name=op.f("fk_letters_debt_id_debts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_letters_by_user_id_users")),
        sa.ForeignKeyConstraint(["answer_by_user_id"], ["users.id"], name=op.f("fk_letters_answer_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letters_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_debt_id"), ["debt_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_sent_on"), ["sent_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_answer_on"), ["answer_on"], unique=False)
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("creditor_stance", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_debts_creditor_stance"), ["creditor_stance"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("debts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debts_creditor_stance"))
        batch_op.drop_column("creditor_stance")
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letters_answer_on"))
        batch_op.drop_index(batch_op.f("ix_letters_sent_on"))
        batch_op.drop_index(batch_op.f("ix_letters_debt_id"))
        batch_op.drop_index(batch_op.f("ix_letters_case_id"))
    op.drop_table("letters")
    with op.batch_alter_table("letter_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_templates_kind"))
    op.drop_table("letter_templates")
