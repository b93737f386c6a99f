"""RICE, readiness and quarters: the pure rules of the backlog and roadmap."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from equipage.delivery.models import (
    EFFORT_ZERO,
    NEGATIVE_FACTOR,
    NOT_READY_WITHOUT_CRITERIA,
    RICE_INCOMPLETE,
    StoryStatus,
    quarter_label,
    readiness_error,
    rice_score,
)


def test_rice_score_is_reach_times_impact_times_confidence_over_effort():
    assert rice_score(1000, Decimal("2"), 80, Decimal("4")) == Decimal("400.00")
    assert rice_score(150, Decimal("0.25"), 50, Decimal("1.5")) == Decimal("12.50")


def test_rice_score_is_none_without_any_factor():
    assert rice_score(None, None, None, None) is None


def test_rice_refuses_effort_zero():
    with pytest.raises(ValidationError) as error:
        rice_score(100, Decimal("1"), 50, Decimal("0"))
    assert error.value.message_dict == {"effort": [EFFORT_ZERO]}


def test_rice_refuses_a_negative_factor():
    with pytest.raises(ValidationError) as error:
        rice_score(-5, Decimal("1"), 50, Decimal("2"))
    assert error.value.messages == [NEGATIVE_FACTOR]


def test_rice_refuses_a_partial_set_of_factors():
    with pytest.raises(ValidationError) as error:
        rice_score(100, None, 50, Decimal("2"))
    assert error.value.messages == [RICE_INCOMPLETE]


def test_a_story_cannot_be_ready_without_criteria():
    assert readiness_error(StoryStatus.READY, 0) == NOT_READY_WITHOUT_CRITERIA
    assert readiness_error(StoryStatus.READY, 1) == ""
    assert readiness_error(StoryStatus.IDEA, 0) == ""


def test_quarters_read_in_french():
    assert quarter_label("2026-T1") == "1er trimestre 2026"
    assert quarter_label("2026-T3") == "3e trimestre 2026"
    assert quarter_label("") == ""
