"""The privacy threshold: k from settings, never below 5."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from belong.common.env import EnvError, env_int
from belong.common.privacy import min_group_size, suppress_small


def test_it_defaults_to_ten(settings):
    del settings.BELONG_PRIVACY_MIN_GROUP
    assert min_group_size() == 10


def test_it_hides_counts_below_k(settings):
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    assert suppress_small(4) is None
    assert suppress_small(0) is None
    assert suppress_small(5) == 5


def test_it_fails_loudly_below_five(settings):
    settings.BELONG_PRIVACY_MIN_GROUP = 3
    with pytest.raises(ImproperlyConfigured):
        suppress_small(100)


def test_it_refuses_a_low_value_from_the_environment():
    with pytest.raises(EnvError):
        env_int(
            "BELONG_PRIVACY_MIN_GROUP", 10, minimum=5, environ={"BELONG_PRIVACY_MIN_GROUP": "2"}
        )
