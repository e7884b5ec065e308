"""Estimators: the programme's figure, closed forms, edge cases and invariants (hypothesis)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from ctis.analytics.estimators import (
    Design,
    LonelyPSUError,
    korn_graubard_interval,
    srs_estimate,
)


def test_programme_figure_75_of_1042_is_7_2_percent_with_its_wilson_interval() -> None:
    result = srs_estimate(75, 1042, "wilson", 0.95)
    # The Wilson score interval written out, with the normal quantile from the standard library.
    z = NormalDist().inv_cdf(0.975)
    n, p = 1042, 75 / 1042
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert f"{100 * result.estimate:.1f}%" == "7.2%"
    assert result.ci_low == pytest.approx(centre - half, rel=1e-12)
    assert result.ci_high == pytest.approx(centre + half, rel=1e-12)
    # And as R prints it: prop.test(75, 1042, correct = FALSE)$conf.int
    assert result.ci_low == pytest.approx(0.057806838074894611, rel=1e-9)
    assert result.ci_high == pytest.approx(0.089291421917750899, rel=1e-9)


def test_simple_sample_standard_error_is_the_binomial_one() -> None:
    result = srs_estimate(30, 200, "wald", 0.95)
    assert result.se == pytest.approx(math.sqrt(0.15 * 0.85 / 200))


def test_wald_interval_is_clipped_to_zero_and_one() -> None:
    assert srs_estimate(1, 40, "wald", 0.95).ci_low == 0.0
    assert srs_estimate(39, 40, "wald", 0.95).ci_high == 1.0


def test_exact_interval_at_zero_positives_has_the_closed_form_upper_bound() -> None:
    result = srs_estimate(0, 50, "exact", 0.95)
    assert result.ci_low == 0.0
    assert result.ci_high == pytest.approx(1 - 0.025 ** (1 / 50), rel=1e-12)


def test_no_respondents_gives_no_estimate_and_says_so() -> None:
    result = srs_estimate(0, 0, "wilson", 0.95)
    assert math.isnan(result.estimate)
    assert result.note == "no respondents in the denominator"


def test_beta_interval_at_zero_uses_the_respondent_count_as_effective_size() -> None:
    n, df = 80, 12
    low, high = korn_graubard_interval(0.0, 0.0, n, df, 0.95)
    from scipy.special import stdtrit

    n_eff = n * (stdtrit(n - 1, 0.025) / stdtrit(df, 0.025)) ** 2
    assert low == 0.0
    assert high == pytest.approx(1 - 0.025 ** (1 / n_eff), rel=1e-10)


def _design_frame(seed: int, rows: int = 240) -> tuple[Design, NDArray[np.int8], NDArray[np.intp]]:
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, 3, rows)
    cluster = rng.integers(0, 4, rows)
    weights = rng.uniform(0.5, 5, rows)
    y = np.where(rng.random(rows) < 0.3, 1, 0).astype(np.int8)
    y[rng.random(rows) < 0.1] = -1
    groups = rng.integers(0, 3, rows).astype(np.intp)
    design = Design.from_codes(size=rows, weights=weights, stratum=stratum, cluster=cluster)
    return design, y, groups


def test_all_groups_at_once_equal_each_group_on_its_own() -> None:
    design, y, groups = _design_frame(1)
    together = design.domain_estimates(y, groups, 3, "logit", 0.95)
    one_by_one = design.domain_estimates(y, groups, 3, "logit", 0.95, max_cells=0)
    for a, b in zip(together, one_by_one, strict=True):
        assert a.estimate == pytest.approx(b.estimate, rel=1e-12)
        assert a.se == pytest.approx(b.se, rel=1e-9)
        assert (a.ci_low, a.ci_high) == pytest.approx((b.ci_low, b.ci_high), rel=1e-9)
        assert a.df == b.df


def test_unweighted_unclustered_design_has_the_n_minus_1_standard_error() -> None:
    # svydesign(ids = ~1) on equal weights: Var = p(1-p)/(n-1).
    y = np.array([1] * 30 + [0] * 70, dtype=np.int8)
    design = Design.from_codes(size=100)
    result = design.estimate(y, np.arange(100), "logit", 0.95)
    assert result.estimate == 0.3
    assert result.se == pytest.approx(math.sqrt(0.3 * 0.7 / 99), rel=1e-12)
    assert result.df == 99


def test_single_psu_stratum_fails_by_default_and_names_the_stratum() -> None:
    with pytest.raises(LonelyPSUError, match="stratum north has only one PSU"):
        Design.from_codes(
            size=4,
            stratum=np.array([0, 0, 1, 1]),
            cluster=np.array([0, 1, 0, 0]),
            stratum_labels=["south", "north"],
        )


def test_same_cluster_code_in_two_strata_is_two_psus() -> None:
    design = Design.from_codes(
        size=4, stratum=np.array([0, 0, 1, 1]), cluster=np.array([0, 1, 0, 1])
    )
    assert design.psu_stratum.size == 4


def test_estimate_of_one_reports_the_beta_interval_and_says_so() -> None:
    design = Design.from_codes(
        size=6, stratum=np.zeros(6, dtype=np.intp), cluster=np.array([0, 0, 1, 1, 2, 2])
    )
    result = design.estimate(np.ones(6, dtype=np.int8), np.arange(6), "logit", 0.95)
    assert (result.estimate, result.se, result.method) == (1.0, 0.0, "beta")
    assert result.ci_high == 1.0
    assert result.ci_low < 1.0
    assert result.note is not None and "no logit interval" in result.note


def test_design_agrees_with_svy_on_a_random_design() -> None:
    svy = pytest.importorskip("svy")
    import polars as pl

    design, y, groups = _design_frame(7, rows=400)
    ours = design.domain_estimates(y, groups, 3, "logit", 0.95)
    rng = np.random.default_rng(7)
    frame = pl.DataFrame(
        {
            "stratum": rng.integers(0, 3, 400),
            "cluster": rng.integers(0, 4, 400),
            "weight": rng.uniform(0.5, 5, 400),
        }
    ).with_columns(
        y=pl.Series(np.where(y < 0, None, y).tolist(), dtype=pl.Int64),
        g=pl.Series(groups.tolist()),
    )
    sample = svy.Sample(frame, svy.Design(stratum="stratum", psu="cluster", wgt="weight"))
    theirs = (
        sample.estimation.prop("y", by="g", ci_method="logit", drop_nulls=True)
        .to_polars()
        .filter(pl.col("y") == 1)
        .sort("g")
    )
    for est, row in zip(ours, theirs.iter_rows(named=True), strict=True):
        assert est.estimate == pytest.approx(row["est"], rel=1e-9)
        assert est.se == pytest.approx(row["se"], rel=1e-9)
        assert est.ci_low == pytest.approx(row["lci"], rel=1e-7)
        assert est.ci_high == pytest.approx(row["uci"], rel=1e-7)
        assert est.df == row["df"]


@st.composite
def designs(
    draw: st.DrawFn,
) -> tuple[
    NDArray[np.float64], NDArray[np.intp], NDArray[np.intp], NDArray[np.int8], NDArray[np.intp]
]:
    rows = draw(st.integers(8, 60))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    strata = draw(st.integers(1, 3))
    stratum = np.arange(rows) % strata
    # Two PSUs at least in every stratum, so the default lonely-PSU rule never fires.
    cluster = (np.arange(rows) // strata) % draw(st.integers(2, 4))
    weights = rng.uniform(0.1, 10, rows)
    y = rng.choice(np.array([-1, 0, 1], dtype=np.int8), rows, p=[0.1, 0.6, 0.3])
    groups = rng.integers(0, 2, rows).astype(np.intp)
    return weights, stratum, cluster, y, groups


def _run(
    weights: NDArray[np.float64],
    stratum: NDArray[np.intp],
    cluster: NDArray[np.intp],
    y: NDArray[np.int8],
    groups: NDArray[np.intp],
    method: str = "logit",
) -> list[tuple[float, float, float, float, int | None]]:
    design = Design.from_codes(size=y.size, weights=weights, stratum=stratum, cluster=cluster)
    results = design.domain_estimates(y, groups, 2, method, 0.95)  # type: ignore[arg-type]
    return [(r.estimate, r.se, r.ci_low, r.ci_high, r.df) for r in results]


def _same(
    a: list[tuple[float, float, float, float, int | None]],
    b: list[tuple[float, float, float, float, int | None]],
) -> bool:
    for row_a, row_b in zip(a, b, strict=True):
        for x, z in zip(row_a, row_b, strict=True):
            if x is None or z is None:
                if x != z:
                    return False
            elif math.isnan(x) or math.isnan(z):
                if not (math.isnan(x) and math.isnan(z)):
                    return False
            elif not math.isclose(x, z, rel_tol=1e-9, abs_tol=1e-12):
                return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs(), st.floats(0.01, 1000))
def test_scaling_every_weight_leaves_every_estimate_unchanged(design: tuple, factor: float) -> None:  # type: ignore[type-arg]
    weights, stratum, cluster, y, groups = design
    assert _same(
        _run(weights, stratum, cluster, y, groups),
        _run(weights * factor, stratum, cluster, y, groups),
    )


@settings(max_examples=60, deadline=None)
@given(designs(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(design: tuple, random: object) -> None:  # type: ignore[type-arg]
    weights, stratum, cluster, y, groups = design
    order = np.random.default_rng(random.randint(0, 2**31)).permutation(y.size)  # type: ignore[attr-defined]
    assert _same(
        _run(weights, stratum, cluster, y, groups),
        _run(weights[order], stratum[order], cluster[order], y[order], groups[order]),
    )


@settings(max_examples=80, deadline=None)
@given(designs(), st.sampled_from(["logit", "beta"]))
def test_interval_contains_the_estimate_within_zero_and_one(design: tuple, method: str) -> None:  # type: ignore[type-arg]
    for estimate, se, low, high, _ in _run(*design, method=method):
        if math.isnan(estimate) or math.isnan(low):
            continue
        assert 0.0 <= low <= estimate <= high <= 1.0
        assert se >= 0.0


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 500),
    st.integers(1, 500),
    st.sampled_from(["wilson", "exact", "wald"]),
    st.floats(0.5, 0.999),
)
def test_simple_sample_interval_contains_the_estimate(
    positives: int, n: int, method: str, level: float
) -> None:
    positives = min(positives, n)
    result = srs_estimate(positives, n, method, level)  # type: ignore[arg-type]
    assert 0.0 <= result.ci_low <= result.estimate <= result.ci_high <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300))
def test_a_wider_level_never_gives_a_narrower_interval(positives: int, n: int) -> None:
    positives = min(positives, n)
    narrow = srs_estimate(positives, n, "exact", 0.9)
    wide = srs_estimate(positives, n, "exact", 0.99)
    assert wide.ci_low <= narrow.ci_low and narrow.ci_high <= wide.ci_high
