"""The floors of test_accuracy.py for the word ranking alone: what answers while the
semantic model loads, or when it cannot run (DISCLOSURE_SEMANTIC=false)."""

from __future__ import annotations

import pytest

from bot.matching.engine import AnswerEngine
from tests.eval.conftest import RememberingEngine
from tests.eval.test_accuracy import (  # the same tests, collected again with this engine
    test_blind_half_a_floors,
    test_each_topic_is_reachable_from_its_own_title,
    test_generic_words_alone_never_give_a_confident_answer,
    test_out_of_scope_questions_are_declined,
    test_the_set_is_large_varied_and_honest,
    test_top1_accuracy_in_scope_is_at_least_95_percent,
)

__all__ = ["test_blind_half_a_floors", "test_each_topic_is_reachable_from_its_own_title",
           "test_generic_words_alone_never_give_a_confident_answer",
           "test_out_of_scope_questions_are_declined", "test_the_set_is_large_varied_and_honest",
           "test_top1_accuracy_in_scope_is_at_least_95_percent"]


@pytest.fixture(scope="module")
def engine(words_engine: AnswerEngine) -> RememberingEngine:
    return RememberingEngine(words_engine)
