import pytest

from belong.common.env import EnvError, env_bool, env_int, env_list


def test_it_reads_booleans_and_refuses_nonsense():
    assert env_bool("X", False, environ={"X": "yes"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(EnvError, match="X='maybe'"):
        env_bool("X", False, environ={"X": "maybe"})


def test_it_reads_whole_numbers_with_a_floor():
    assert env_int("N", 3, environ={"N": "8"}) == 8
    with pytest.raises(EnvError, match="expected a whole number"):
        env_int("N", 3, environ={"N": "eight"})
    with pytest.raises(EnvError, match="at least 1"):
        env_int("N", 3, minimum=1, environ={"N": "0"})


def test_it_reads_comma_lists():
    assert env_list("H", ["a"], environ={"H": "x.com, y.com,"}) == ["x.com", "y.com"]
    assert env_list("H", ["a"], environ={}) == ["a"]
