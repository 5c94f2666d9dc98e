from belong.common.testing import *  # noqa: F403 - shared fixtures
