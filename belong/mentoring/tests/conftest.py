import pytest

from belong.common.testing import *  # noqa: F403 - shared fixtures


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Transactional tests flush the tables, migration-loaded levels and languages included."""
    from django.conf import settings

    from belong.people.models import Language, Level
    from belong.people.reference import ensure_reference_data

    ensure_reference_data(Level, Language, settings.BELONG_LEVELS)
