from belong.common.testing import *  # noqa: F403
