"""The options tag marks the chosen value and escapes labels."""

from __future__ import annotations

from django.template import Context, Template


def test_it_marks_the_chosen_option_and_escapes_labels() -> None:
    rendered = Template("{% load select_options %}{% options choices chosen %}").render(
        Context({"choices": [(1, "R&D"), (2, "<Sales>")], "chosen": 2})
    )
    assert rendered == (
        '<option value="1">R&amp;D</option><option value="2" selected>&lt;Sales&gt;</option>'
    )


def test_nothing_is_chosen_without_a_value() -> None:
    rendered = Template("{% load select_options %}{% options choices %}").render(
        Context({"choices": [(1, "One")]})
    )
    assert rendered == '<option value="1">One</option>'
