from django.utils import translation

from belong.insights.templatetags.insights_text import covariate_label, why_sentence


def test_it_words_the_least_balanced_covariate_with_both_figures() -> None:
    why = {"naive": "+9.0 pts", "matched": "+5.1 pts", "covariate": "org", "before": 0.42,
           "after": 0.01, "alike": False}  # fmt: skip
    sentence = why_sentence(why)
    assert "most on division" in sentence
    assert "+0.42 before matching, +0.01 after" in sentence
    assert "(+9.0 pts)" in sentence and "(+5.1 pts)" in sentence


def test_it_says_when_the_groups_were_already_alike() -> None:
    why = {"naive": "0.90", "matched": "0.88", "covariate": "level", "before": 0.05,
           "after": 0.0, "alike": True}  # fmt: skip
    assert "already resembled everyone else" in why_sentence(why)


def test_it_says_when_nobody_could_be_matched() -> None:
    assert "only the naive comparison" in why_sentence({"naive": "x", "matched": "y",
                                                         "covariate": None})  # fmt: skip


def test_it_shows_results_stored_as_sentences_unchanged() -> None:
    assert why_sentence("An older sentence.") == "An older sentence."


def test_it_translates_the_covariate_names() -> None:
    with translation.override("es"):
        assert covariate_label("tenure (years)") != "tenure (years)"
