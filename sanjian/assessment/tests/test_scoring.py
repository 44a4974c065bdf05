"""Every scoring rule at its boundaries, and the properties that hold for any value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanjian.assessment import scoring
from sanjian.assessment.scoring import RuleSpec

D = Decimal
LINEAR_UP = RuleSpec("linear", True, floor=D(60), target=D(90))
LINEAR_DOWN = RuleSpec("linear", False, floor=D(10), target=D(2))
BANDS_UP = RuleSpec("bands", True, bands=((D(95), D(100)), (D(90), D(80)), (D(80), D(50))))
BANDS_DOWN = RuleSpec("bands", False, bands=((D(0), D(100)), (D(2), D(60))))
DEDUCT = RuleSpec("deduction", per_occurrence=D(2), cap=D(6))

decimals = st.decimals(min_value=-1000, max_value=1000, places=2)


@pytest.mark.parametrize(
    ("value", "points"),
    [(D(59), D(0)), (D(60), D(0)), (D(75), D(10)), (D("89.99"), D("19.99")), (D(90), D(20)), (D(120), D(20))],
)
def test_linear_higher_is_better_earns_nothing_at_the_floor_and_all_at_the_target(value, points):
    assert scoring.line_points(LINEAR_UP, D(20), value)[1] == points


@pytest.mark.parametrize(
    ("value", "points"), [(D(11), D(0)), (D(10), D(0)), (D(6), D(5)), (D(2), D(10)), (D(0), D(10))]
)
def test_linear_lower_is_better_mirrors_it(value, points):
    assert scoring.line_points(LINEAR_DOWN, D(10), value)[1] == points


@pytest.mark.parametrize(
    ("value", "points"),
    [(D(100), D(30)), (D(95), D(30)), (D("94.99"), D(24)), (D(90), D(24)), (D(80), D(15)), (D("79.9"), D(0))],
)
def test_bands_give_the_best_band_reached(value, points):
    assert scoring.line_points(BANDS_UP, D(30), value)[1] == points


@pytest.mark.parametrize(("value", "points"), [(D(0), D(10)), (D(1), D(6)), (D(2), D(6)), (D(3), D(0))])
def test_bands_lower_is_better_take_the_lowest_threshold_reached(value, points):
    assert scoring.line_points(BANDS_DOWN, D(10), value)[1] == points


@pytest.mark.parametrize(
    ("occurrences", "points"), [(D(0), D(10)), (D(1), D(8)), (D(3), D(4)), (D(4), D(4)), (D(99), D(4))]
)
def test_deductions_per_occurrence_stop_at_the_cap(occurrences, points):
    assert scoring.line_points(DEDUCT, D(10), occurrences)[1] == points


def test_without_a_cap_deductions_stop_at_the_whole_weight():
    uncapped = RuleSpec("deduction", per_occurrence=D(3))
    assert scoring.line_points(uncapped, D(10), D(5))[1] == D(0)


def test_manual_deductions_never_go_below_zero_and_bonuses_stop_at_their_cap():
    spec = RuleSpec("linear", True, floor=D(0), target=D(100), bonus_cap=D(2))
    assert scoring.line_points(spec, D(10), D(50), deductions=D(7)) == (D(5), D(0))
    assert scoring.line_points(spec, D(10), D(100), bonuses=D(5)) == (D(10), D(12))
    no_bonus = RuleSpec("linear", True, floor=D(0), target=D(100))
    assert scoring.line_points(no_bonus, D(10), D(100), bonuses=D(5))[1] == D(10)


def test_points_round_half_up_to_the_hundredth():
    spec = RuleSpec("linear", True, floor=D(0), target=D(3))
    assert scoring.line_points(spec, D(10), D(1))[1] == D("3.33")
    assert scoring.line_points(spec, D(10), D(2))[1] == D("6.67")
    assert scoring.round_points(D("0.125")) == D("0.13")


def test_not_applicable_lines_drop_out_of_the_total():
    # 60 points earned of the 70 that apply (a 30-point indicator did not apply): 60 ÷ 70 × 100
    assert scoring.total_score([(D(40), D(30)), (D(30), D(30))]) == D("85.71")
    assert scoring.total_score([]) is None


def test_ranks_share_places_and_skip_after_a_tie():
    assert scoring.competition_ranks([D(90), D(95), D(90), None, D(80)]) == [2, 1, 2, None, 4]


@given(spec=st.sampled_from([LINEAR_UP, LINEAR_DOWN, BANDS_UP, BANDS_DOWN, DEDUCT]), value=decimals)
def test_a_line_always_earns_between_nothing_and_its_weight(spec, value):
    base, earned = scoring.line_points(spec, D(25), value)
    assert D(0) <= base <= D(25)
    assert earned == base


@given(spec=st.sampled_from([LINEAR_UP, BANDS_UP]), a=decimals, b=decimals)
def test_a_better_value_never_earns_less(spec, a, b):
    low, high = sorted([a, b])
    assert scoring.line_points(spec, D(20), low)[1] <= scoring.line_points(spec, D(20), high)[1]


@given(spec=st.sampled_from([LINEAR_DOWN, BANDS_DOWN, DEDUCT]), a=decimals, b=decimals)
def test_when_lower_is_better_a_lower_value_never_earns_less(spec, a, b):
    low, high = sorted([a, b])
    assert scoring.line_points(spec, D(20), low)[1] >= scoring.line_points(spec, D(20), high)[1]


@given(
    st.lists(
        st.tuples(st.decimals(min_value=1, max_value=50, places=2), st.decimals(0, 1, places=2)), max_size=8
    )
)
def test_the_total_is_a_share_of_the_applicable_weight(rows):
    lines = [(w, scoring.round_points(w * share)) for w, share in rows]
    total = scoring.total_score(lines)
    if not lines:
        assert total is None
    else:
        assert D(0) <= total <= D(100)


def test_bands_are_read_from_text_in_either_punctuation():
    assert scoring.parse_bands("95:100, 90:80；80：50") == ((D(95), D(100)), (D(90), D(80)), (D(80), D(50)))
    assert scoring.format_bands([("95", "100"), ("90.50", "80")]) == "95:100, 90.5:80"
    with pytest.raises(scoring.BandsError) as info:
        scoring.parse_bands("95:100, abc")
    assert info.value.part == "abc"
