"""The migrations form one line: engineers land in parallel, and two revisions naming the same
``down_revision`` would leave two heads — ``upgrade head`` then refuses to run on a fresh database."""

from alembic.script import ScriptDirectory

from yidi.adapters.migrate import alembic_config


def test_migrations_have_exactly_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("")).get_heads()
    assert len(heads) == 1, f"migrations have {len(heads)} heads {heads}: set one down_revision to the other"
