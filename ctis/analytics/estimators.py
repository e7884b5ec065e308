"""Prevalence estimators: simple-random-sample intervals and design-based (Taylor) estimates.

Design-based estimates reproduce R's survey package (4.1-1) to rounding:
``svydesign(ids=~cluster, strata=~stratum, weights=~weight, nest=TRUE)``, ``svymean`` for the
estimate and standard error, ``svyciprop(method="logit" | "beta")`` for the interval, ``degf()``
for the degrees of freedom, ``subset()``/``svyby`` for domains and
``options(survey.lonely.psu="adjust")`` for single-PSU strata. The golden tests hold this to
1e-6 relative against results R wrote (tests/golden/make_golden.R). Two places differ from
R on purpose, where R has no usable number: at an estimate of exactly 0 or 1 svyciprop's beta
interval is NaN (0/0 effective sample size), so the effective sample size is the respondent
count (Korn and Graubard 1998, as Stata does); and at df = 1 svyciprop's logit interval comes
out as (0, NaN) because confint.svyglm's normal-level conversion rounds to 1, so the t interval
it stands for is computed directly.

Why not svy 0.35.0 for the design part: svy matches R to the digits here (checked on the
golden designs, including domains and the lonely-PSU rule, and kept as a second oracle in
tests/test_estimators.py), but one ``prop`` call takes about 0.5 s on a million rows and
importing it about 0.55 s, while ``ctis prevalence`` must return a million-row,
three-breakdown result end to end at least 25 times faster than R (about 1 s) and computes
every indicator for every breakdown by default. The estimator is a few sums per PSU, so it is
written here with numpy ``bincount``; the same formulation runs as a group-by in SQL or Spark
(docs/analytics-spark.md). t and normal quantiles come from quantiles.py, beta quantiles from
scipy.

No Django import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ctis.analytics.quantiles import normal_quantile, t_quantile

SrsMethod = Literal["wilson", "exact", "wald"]
DesignMethod = Literal["logit", "beta"]
Method = Literal["wilson", "exact", "wald", "logit", "beta"]
LonelyRule = Literal["fail", "adjust"]

SRS_METHODS: tuple[str, ...] = ("wilson", "exact", "wald")
DESIGN_METHODS: tuple[str, ...] = ("logit", "beta")
NAN = float("nan")


@dataclass(frozen=True)
class Estimate:
    """One proportion with its uncertainty; NaN where a quantity does not exist.

    ``method`` is the interval actually used: a design estimate of exactly 0 or 1 has no logit
    interval, so it carries the beta interval and a ``note`` saying so. ``df`` is the design's
    degrees of freedom (None for the simple-random-sample intervals, which use the normal or
    binomial distribution).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    method: str
    df: int | None = None
    note: str | None = None


class LonelyPSUError(ValueError):
    """A stratum has a single PSU and the rule is ``fail``."""


def _normal_quantile(q: float) -> float:
    return normal_quantile(q)


def _t_quantile(df: float, q: float) -> float:
    return t_quantile(int(df), q)


def _beta_quantile(a: float, b: float, q: float) -> float:
    # Imported here: only the beta and exact intervals need scipy, and importing it takes
    # about 0.2 s that the default (Wilson, logit) runs need not pay.
    from scipy.special import betaincinv

    return float(betaincinv(a, b, q))


def _z(level: float) -> float:
    return _normal_quantile(1 - (1 - level) / 2)


def srs_estimate(positives: int, n: int, method: SrsMethod, level: float) -> Estimate:
    """Simple random sample: p = positives / n, SE = sqrt(p(1-p)/n) and the chosen interval.

    Wilson is R's ``prop.test(correct=FALSE)``, ``exact`` is Clopper-Pearson
    (``binom.test``), Wald is p ± z·SE clipped to [0, 1] (a negative prevalence is meaningless).
    """
    if n <= 0:
        return Estimate(NAN, NAN, NAN, NAN, method, note="no respondents in the denominator")
    p = positives / n
    se = math.sqrt(p * (1 - p) / n)
    alpha = 1 - level
    if method == "wilson":
        z = _z(level)
        z2 = z * z
        centre = (positives + z2 / 2) / (n + z2)
        half = z / (n + z2) * math.sqrt(positives * (n - positives) / n + z2 / 4)
        # Exactly 0 at no positives and 1 at all positives, as prop.test has it; the formula
        # leaves rounding dust there.
        low = 0.0 if positives == 0 else max(0.0, centre - half)
        high = 1.0 if positives == n else min(1.0, centre + half)
    elif method == "exact":
        low = 0.0 if positives == 0 else _beta_quantile(positives, n - positives + 1, alpha / 2)
        high = (
            1.0 if positives == n else _beta_quantile(positives + 1, n - positives, 1 - alpha / 2)
        )
    elif method == "wald":
        z = _z(level)
        low, high = max(0.0, p - z * se), min(1.0, p + z * se)
    else:
        raise ValueError(f"unknown simple-random-sample method {method!r}")
    return Estimate(p, se, low, high, method)


def logit_interval(p: float, se: float, df: int, level: float) -> tuple[float, float]:
    """``svyciprop(method="logit")``: a t interval on the logit scale, back-transformed.

    R fits ``svyglm(y ~ 1, family=quasibinomial)``; for an intercept-only model its
    sandwich SE on the logit scale is exactly SE(p) / (p(1-p)), so no fit is needed.
    """
    if df <= 0:
        return NAN, NAN
    t = _t_quantile(df, 1 - (1 - level) / 2)
    centre = math.log(p / (1 - p))
    half = t * se / (p * (1 - p))
    return _expit(centre - half), _expit(centre + half)


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def korn_graubard_interval(
    p: float, variance: float, n: int, df: int, level: float
) -> tuple[float, float]:
    """``svyciprop(method="beta")``: Korn and Graubard's interval.

    The effective sample size p(1-p)/Var is scaled by (t_{n-1} / t_df)^2, where n is the number
    of respondents (R's ``nrow(design)``) and df the design's degrees of freedom. At p = 0 or 1
    the variance is 0 and R returns NaN; as Korn and Graubard (1998) and Stata do, the effective
    sample size is then n itself.
    """
    alpha = 1 - level
    if df <= 0 or n <= 1:
        return NAN, NAN
    n_eff = float(n) if p in (0.0, 1.0) else p * (1 - p) / variance
    n_eff *= (_t_quantile(n - 1, alpha / 2) / _t_quantile(df, alpha / 2)) ** 2
    low = 0.0 if p == 0 else _beta_quantile(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
    high = 1.0 if p == 1 else _beta_quantile(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    return low, high


@dataclass(frozen=True)
class Prepared:
    """One indicator's valid rows with their weights, weighted values and PSUs."""

    y: NDArray[np.int8]
    valid: NDArray[np.intp]
    weights: NDArray[np.float64]
    weighted: NDArray[np.float64]
    positive: NDArray[np.float64]
    psu: NDArray[np.intp]


@dataclass(frozen=True)
class Design:
    """A survey design: weights, strata and PSUs (clusters) nested within strata.

    Build it with :meth:`from_codes`. PSUs are treated as sampled with replacement within
    strata, as R does without a finite population correction.

    Attributes:
        weights: sampling weight per row, all > 0.
        stratum: stratum code per row (0..H-1).
        psu: PSU code per row (0..P-1), unique across strata (R's ``nest=TRUE``).
        psu_stratum: stratum code of each PSU.
        n_psu: number of PSUs in each stratum of the full sample.
        lonely: ``fail`` or ``adjust`` for strata with a single PSU.
    """

    weights: NDArray[np.float64]
    stratum: NDArray[np.intp]
    psu: NDArray[np.intp]
    psu_stratum: NDArray[np.intp]
    n_psu: NDArray[np.int64]
    lonely: LonelyRule

    @classmethod
    def from_codes(
        cls,
        *,
        size: int,
        weights: NDArray[np.float64] | None = None,
        stratum: NDArray[np.intp] | None = None,
        cluster: NDArray[np.intp] | None = None,
        stratum_labels: list[str] | None = None,
        lonely: LonelyRule = "fail",
    ) -> Design:
        """A design from integer codes; absent parts default as R's ``svydesign`` does.

        No weights means weight 1; no strata means one stratum; no clusters means every row is
        its own PSU (``ids=~1``). Cluster codes are nested within strata: cluster 1 of stratum
        A and cluster 1 of stratum B are two PSUs.

        Raises:
            LonelyPSUError: a stratum has a single PSU and ``lonely`` is ``fail``; the message
                names the strata (by ``stratum_labels`` when given).
        """
        w = np.ones(size) if weights is None else np.asarray(weights, dtype=np.float64)
        s = np.zeros(size, dtype=np.intp) if stratum is None else np.asarray(stratum, np.intp)
        if cluster is None:
            psu = np.arange(size, dtype=np.intp)
        else:
            # One code per (stratum, cluster) pair, numbered densely.
            n_clusters = int(cluster.max()) + 1 if size else 1
            pairs = s.astype(np.int64) * n_clusters + np.asarray(cluster, np.int64)
            n_pairs = (int(s.max()) + 1) * n_clusters if size else 0
            if n_pairs <= 50_000_000:
                # Dense renumbering through a presence table: linear time, where np.unique
                # would sort ten million rows.
                present = np.bincount(pairs, minlength=n_pairs) > 0
                psu = (np.cumsum(present) - 1)[pairs].astype(np.intp)
            else:
                _, inverse = np.unique(pairs, return_inverse=True)
                psu = inverse.astype(np.intp)
        n_psu_total = int(psu.max()) + 1 if size else 0
        psu_stratum = np.zeros(n_psu_total, dtype=np.intp)
        psu_stratum[psu] = s
        n_strata = int(s.max()) + 1 if size else 0
        n_psu = np.bincount(psu_stratum, minlength=n_strata).astype(np.int64)
        lonely_strata = np.flatnonzero(n_psu == 1)
        if lonely == "fail" and lonely_strata.size:
            names = [
                stratum_labels[i] if stratum_labels else str(i) for i in lonely_strata.tolist()
            ]
            raise LonelyPSUError(
                f"stratum {', '.join(names)} has only one PSU (cluster); its variance cannot be "
                "estimated. Use --lonely-psu adjust to centre it on the overall mean, as R's "
                'survey.lonely.psu="adjust" does'
            )
        return cls(w, s, psu, psu_stratum, n_psu, lonely)

    def estimate(
        self,
        y: NDArray[np.int8],
        rows: NDArray[np.intp],
        method: DesignMethod,
        level: float,
    ) -> Estimate:
        """The domain estimate of P(y = 1) over ``rows``, from the full design (as ``svyby``).

        Args:
            y: per row of the full sample, 1 for a positive (only ``rows`` are read).
            rows: indices of the domain's respondents with a valid value (the denominator).
            method: ``logit`` or ``beta`` interval.
            level: confidence level.
        Returns:
            estimate (Horvitz-Thompson ratio mean), Taylor SE, interval and ``degf`` of the
            domain: PSUs holding domain members minus strata holding domain members.
        """
        n = int(rows.size)
        if n == 0:
            return Estimate(NAN, NAN, NAN, NAN, method, note="no respondents in the denominator")
        w = self.weights[rows]
        yv = (y[rows] == 1).astype(np.float64)
        total_w = float(w.sum())
        positives = int(np.count_nonzero(yv))
        # Decide 0 and 1 on counts: a weighted mean of ones can come out as 0.9999999999999999.
        if positives in (0, n):
            p = 0.0 if positives == 0 else 1.0
        else:
            p = float(np.dot(w, yv)) / total_w
        psu = self.psu[rows]
        n_psus = self.psu_stratum.size
        # Linearised scores of the ratio mean, totalled per PSU (zeros for PSUs with no member).
        scores = np.bincount(psu, weights=w * (yv - p) / total_w, minlength=n_psus).astype(
            np.float64, copy=False
        )
        variance = float(self._variance(scores[None, :])[0])
        df = int(np.count_nonzero(np.bincount(psu, minlength=n_psus))) - int(
            np.count_nonzero(np.bincount(self.stratum[rows], minlength=self.n_psu.size))
        )
        return design_interval(p, variance, n, positives, df, method, level)

    def _variance(self, scores: NDArray[np.float64]) -> NDArray[np.float64]:
        """Variance of each row of PSU score totals (domains x PSUs), with replacement in strata.

        Within each stratum the PSU totals are centred on their mean over all the stratum's
        PSUs (those without domain members count as zeros, as R pads them) and the squares are
        scaled by n_h / (n_h - 1).
        """
        domains = scores.shape[0]
        n_strata = self.n_psu.size
        key = (np.arange(domains)[:, None] * n_strata + self.psu_stratum[None, :]).ravel()
        per_stratum = np.bincount(key, weights=scores.ravel(), minlength=domains * n_strata)
        centre = per_stratum.reshape(domains, n_strata) / self.n_psu
        # R's "adjust": a single-PSU stratum is centred on the overall mean of the scores,
        # which is 0, instead of on itself (which would give it no variance at all).
        centre[:, self.n_psu == 1] = 0.0
        deviation = scores - centre[:, self.psu_stratum]
        squares = (deviation * deviation).ravel()
        sums = np.bincount(key, weights=squares, minlength=centre.size).astype(np.float64)
        scale = np.where(self.n_psu > 1, self.n_psu / np.maximum(self.n_psu - 1, 1), 1.0)
        result: NDArray[np.float64] = sums.reshape(domains, n_strata) @ scale
        return result

    def prepare(self, y: NDArray[np.int8]) -> Prepared:
        """The rows of one indicator that enter its estimates, gathered once for all breakdowns."""
        valid = np.flatnonzero(y >= 0)
        positive = (y[valid] == 1).astype(np.float64)
        weights = self.weights[valid]
        return Prepared(y, valid, weights, weights * positive, positive, self.psu[valid])

    def domain_estimates(
        self,
        y: NDArray[np.int8] | Prepared,
        groups: NDArray[np.intp],
        n_groups: int,
        method: DesignMethod,
        level: float,
        *,
        max_cells: int = 20_000_000,
    ) -> list[Estimate]:
        """Every group of a breakdown at once, each a domain of the full design.

        Args:
            y: indicator codes per row (1 positive, 0 negative, -1 excluded), or the same
                from :meth:`prepare` when several breakdowns are estimated.
            groups: group code (0..n_groups-1) per row.
            n_groups: number of groups.
            method: ``logit`` or ``beta`` interval.
            level: confidence level.
            max_cells: above this many group x PSU cells (a weights-only design has one PSU per
                row), groups are estimated one by one to bound memory.
        Returns:
            one :class:`Estimate` per group code, the same as :meth:`estimate` on its rows.
        """
        rows = y if isinstance(y, Prepared) else self.prepare(y)
        whole = n_groups == 1  # the whole sample: each row's cell is its PSU
        g = np.zeros(rows.valid.size, dtype=np.intp) if whole else groups[rows.valid]
        n_psus, n_strata = self.psu_stratum.size, self.n_psu.size
        if n_groups * n_psus > max_cells:
            order = np.argsort(g, kind="stable")
            bounds = np.cumsum(np.bincount(g, minlength=n_groups))[:-1]
            return [
                self.estimate(rows.y, rows.valid[part], method, level)
                for part in np.split(order, bounds)
            ]
        # Weighted totals per (group, PSU) cell in one pass over the rows.
        if whole:
            key = rows.psu
        else:
            key = g * n_psus
            key += rows.psu  # in place: one fresh million-row array fewer
        cells = n_groups * n_psus
        w_cell = np.bincount(key, weights=rows.weights, minlength=cells).reshape(n_groups, n_psus)
        wy_cell = np.bincount(key, weights=rows.weighted, minlength=cells).reshape(n_groups, n_psus)
        members = np.bincount(key, minlength=cells).reshape(n_groups, n_psus)
        n = members.sum(axis=1)
        positives = np.bincount(g, weights=rows.positive, minlength=n_groups).astype(np.int64)
        total_w = w_cell.sum(axis=1)
        safe_w = np.where(total_w > 0, total_w, 1.0)
        p = wy_cell.sum(axis=1) / safe_w
        # Decide 0 and 1 on counts: a weighted mean of ones can come out as 0.9999999999999999.
        p = np.where(positives == 0, 0.0, np.where(positives == n, 1.0, p))
        # The PSU total of the linearised scores w (y - p) / W is (WY - p W) / W.
        scores = (wy_cell - p[:, None] * w_cell) / safe_w[:, None]
        variance = self._variance(scores)
        stratum_members = np.bincount(
            (np.arange(n_groups)[:, None] * n_strata + self.psu_stratum[None, :]).ravel(),
            weights=(members > 0).ravel(),
            minlength=n_groups * n_strata,
        ).reshape(n_groups, n_strata)
        df = np.count_nonzero(members, axis=1) - np.count_nonzero(stratum_members, axis=1)
        return [
            design_interval(
                float(p[k]),
                float(variance[k]),
                int(n[k]),
                int(positives[k]),
                int(df[k]),
                method,
                level,
            )
            if n[k]
            else Estimate(NAN, NAN, NAN, NAN, method, note="no respondents in the denominator")
            for k in range(n_groups)
        ]


def design_interval(
    p: float, variance: float, n: int, positives: int, df: int, method: DesignMethod, level: float
) -> Estimate:
    """A design estimate with its SE and the ``svyciprop`` interval of ``method``.

    An estimate of exactly 0 or 1 (all or none of the ``n`` respondents positive) has no
    logit interval: it gets the beta interval, with a note.
    """
    note = None
    used: str = method
    if positives in (0, n):
        variance = 0.0
        used = "beta"
        if method == "logit":
            note = f"estimate is {p:g}: no logit interval exists, beta (Korn-Graubard) shown"
        low, high = korn_graubard_interval(p, variance, n, df, level)
    elif method == "logit":
        low, high = logit_interval(p, math.sqrt(variance), df, level)
    elif method == "beta":
        low, high = korn_graubard_interval(p, variance, n, df, level)
    else:
        raise ValueError(f"unknown design method {method!r}")
    if df <= 0:
        no_interval = f"design degrees of freedom {df}: no interval"
        note = f"{note}; {no_interval}" if note else no_interval
    return Estimate(p, math.sqrt(variance), low, high, used, df=df, note=note)
