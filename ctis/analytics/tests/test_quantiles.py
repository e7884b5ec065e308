"""The scipy-free normal and t quantiles agree with scipy (the reference) to 1e-10."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtri, stdtrit

from ctis.analytics.quantiles import normal_quantile, t_quantile

PROBABILITIES = st.sampled_from([0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.99999])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3000), PROBABILITIES, st.booleans())
def test_t_quantile_agrees_with_scipy_for_survey_degrees_of_freedom(
    df: int, q: float, lower: bool
) -> None:
    q = 1 - q if lower else q
    assert t_quantile(df, q) == pytest.approx(float(stdtrit(df, q)), rel=1e-10)


@pytest.mark.parametrize("df", [2001, 5000, 10**5, 10**6, 10**9])
def test_t_quantile_agrees_with_scipy_for_large_degrees_of_freedom(df: int) -> None:
    for q in (0.9, 0.975, 0.9995):
        assert t_quantile(df, q) == pytest.approx(float(stdtrit(df, q)), rel=1e-12)


def test_t_quantile_with_one_degree_of_freedom_is_the_cauchy_quantile() -> None:
    assert t_quantile(1, 0.975) == pytest.approx(12.706204736174698, rel=1e-14)


def test_t_quantile_without_degrees_of_freedom_is_not_a_number() -> None:
    assert t_quantile(0, 0.975) != t_quantile(0, 0.975)  # NaN


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-9, 1 - 1e-9))
def test_normal_quantile_agrees_with_scipy(q: float) -> None:
    assert normal_quantile(q) == pytest.approx(float(ndtri(q)), rel=1e-12, abs=1e-15)
