"""readiness reasons: the coach's sealed reasons for overriding a computed checklist item
and for n.v.t. on a document (issue 12 item 1)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readiness_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reasons_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("readiness_states", schema=None) as batch_op:
        batch_op.drop_column("reasons_enc")
