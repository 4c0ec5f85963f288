"""meeting documents: translations, document kinds, notice templates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 20:39:41.174231
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('notice_template',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('body_id', sa.Uuid(), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_notice_template_body_id_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_template')),
    sa.UniqueConstraint('body_id', 'audience', 'language', name=op.f('uq_notice_template_body_id_audience_language'))
    )
    with op.batch_alter_table('notice_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_template_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_template_deleted_at'), ['deleted_at'], unique=False)

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='paper'))
        batch_op.add_column(sa.Column('titles', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))

    # Existing rows: the provisional agendas are the L. documents of that title; lists of
    # participants are INF documents that say so.
    op.execute("UPDATE document SET kind = 'agenda' WHERE series = 'L.' AND title = 'Provisional agenda'")
    op.execute("UPDATE document SET kind = 'participants' WHERE series = 'INF/' AND title LIKE '%participants%'")


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('translations')
        batch_op.drop_column('reference')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('titles')
        batch_op.drop_column('kind')

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_column('translations')

    with op.batch_alter_table('notice_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_template_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_notice_template_body_id'))

    op.drop_table('notice_template')
