"""The accuracy floors (tests/eval/floors.py) for the engine as shipped: both signals and
the calibrated decision (`engine` in tests/eval/conftest.py)."""

from __future__ import annotations

from tests.eval.floors import (
    test_blind_half_a_floors,
    test_each_topic_is_reachable_from_its_own_title,
    test_generic_words_alone_never_give_a_confident_answer,
    test_out_of_scope_questions_are_declined,
    test_the_set_is_large_varied_and_honest,
    test_top1_accuracy_in_scope_is_at_least_95_percent,
)

__all__ = [
    "test_blind_half_a_floors",
    "test_each_topic_is_reachable_from_its_own_title",
    "test_generic_words_alone_never_give_a_confident_answer",
    "test_out_of_scope_questions_are_declined",
    "test_the_set_is_large_varied_and_honest",
    "test_top1_accuracy_in_scope_is_at_least_95_percent",
]
