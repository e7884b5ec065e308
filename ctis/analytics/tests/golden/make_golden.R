# Reference results from R's survey package for the golden tests (test_golden.py).
#
# Rerun from the repository root after changing the inputs (make_inputs.py) or the cases below:
#
#     apt-get install -y r-cran-survey            # Debian bookworm ships survey 4.1-1
#     Rscript ctis/analytics/tests/golden/make_golden.R
#
# It reads the synthetic CSVs next to this script and writes expected.csv beside them. Every
# indicator is derived here independently of the Python code (the composite and missing-answer
# rules of shared/domain/flow-monitoring.md written again in R), so a golden test checks the
# rules and the statistics together.
#
# Estimation follows the specification:
#   - simple random sample: Wilson (prop.test without continuity correction), Clopper-Pearson
#     (binom.test) and Wald (clipped to [0, 1]) with SE = sqrt(p(1-p)/n);
#   - a design (or --method logit/beta on a simple sample):
#     svydesign(ids=~cluster, strata=~stratum, weights=~weight, nest=TRUE), svymean for the
#     estimate and SE, svyciprop(method="logit" | "beta") for the interval with df = degf();
#   - breakdowns are domains: subset() of the full design, as svyby does, so degf() counts
#     only the PSUs and strata that hold members of the group;
#   - an estimate of exactly 0 or 1 gets the beta interval. svyciprop's beta interval is NaN
#     there (its effective sample size is 0/0), so, as Korn and Graubard (1998) and Stata do,
#     the effective sample size is taken as the number of respondents n, with the same
#     degrees-of-freedom correction svyciprop applies;
#   - svyciprop's logit interval breaks down numerically at df = 1 (see design_row); those rows
#     hold the interval it means, written out, and say so in the `reference` column. Everywhere
#     else the script checks that this written-out interval equals svyciprop's.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "."

SET <- list(
  "fms-ct-2016" = c("unpaid_work", "forced_work", "job_offer", "marriage_offer",
                    "held_against_will"),
  "fms-ct-2017" = c("unpaid_work", "forced_work", "marriage_offer", "held_against_will")
)
ITEMS <- c("unpaid_work", "forced_work", "job_offer", "marriage_offer", "held_against_will",
           "organ_offer", "physical_violence")

answer <- function(v, as_no) {
  # 1 yes, 0 no, NA missing (dont_know, refused, blank); as-no reads missing as no.
  r <- ifelse(v == "yes", 1, ifelse(v == "no", 0, NA))
  if (as_no) r[is.na(r)] <- 0
  r
}

composites <- function(d, as_no) {
  n <- nrow(d)
  own_yes <- own_miss <- fam_yes <- fam_miss <- numeric(n)
  for (i in seq_len(n)) {
    items <- SET[[d$instrument_version[i]]]
    own <- sapply(items, function(it) answer(d[[paste0("ht_", it)]][i], as_no))
    fam <- sapply(items, function(it) answer(d[[paste0("htf_", it)]][i], as_no))
    own_yes[i] <- sum(own == 1, na.rm = TRUE); own_miss[i] <- sum(is.na(own))
    fam_yes[i] <- sum(fam == 1, na.rm = TRUE); fam_miss[i] <- sum(is.na(fam))
  }
  any <- ifelse(own_yes >= 1, 1, ifelse(own_miss == 0, 0, NA))
  two <- ifelse(own_yes >= 2, 1, ifelse(own_yes + own_miss < 2, 0, NA))
  # Positive only when own experience is surely negative and a family item is yes; negative
  # when no filling-in of the missing answers could make it positive.
  fam_only <- ifelse(own_yes >= 1, 0,
              ifelse(own_miss == 0 & fam_yes >= 1, 1,
              ifelse(fam_yes == 0 & fam_miss == 0, 0, NA)))
  list(any_indicator = any, two_or_more_indicators = two, any_indicator_family_only = fam_only)
}

prepare <- function(file, as_no) {
  d <- read.csv(file.path(here, file), colClasses = "character", na.strings = character(0))
  age <- suppressWarnings(as.integer(d$age))
  d$age_group <- as.character(cut(age, c(-Inf, 13, 17, 24, 34, 44, Inf),
                                  labels = c("0-13", "14-17", "18-24", "25-34", "35-44", "45+")))
  d$child <- ifelse(is.na(age), NA, ifelse(age < 18, "child", "adult"))
  ind <- list()
  for (it in ITEMS) ind[[paste0("ht_", it)]] <- answer(d[[paste0("ht_", it)]], as_no)
  for (it in SET[["fms-ct-2016"]]) ind[[paste0("htf_", it)]] <- answer(d[[paste0("htf_", it)]], as_no)
  ind <- c(ind, composites(d, as_no))
  for (name in names(ind)) d[[paste0("y_", name)]] <- ind[[name]]
  if (!is.null(d$weight)) d$weight <- as.numeric(d$weight)
  list(data = d, indicators = names(ind))
}

beta_ci <- function(p, v, n, df, level) {
  alpha <- 1 - level
  n_eff <- if (p == 0 || p == 1) n else p * (1 - p) / v
  n_eff <- n_eff * (qt(alpha / 2, n - 1) / qt(alpha / 2, df))^2
  c(qbeta(alpha / 2, n_eff * p, n_eff * (1 - p) + 1),
    qbeta(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
}

srs_row <- function(y, method, level) {
  x <- sum(y); n <- length(y); p <- x / n; se <- sqrt(p * (1 - p) / n)
  z <- qnorm(1 - (1 - level) / 2)
  ci <- switch(method,
    wilson = as.numeric(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int),
    exact = as.numeric(binom.test(x, n, conf.level = level)$conf.int),
    wald = c(max(0, p - z * se), min(1, p + z * se)))
  c(p, se, ci, NA)
}

design_row <- function(sub, var, method, level) {
  f <- as.formula(paste0("~", var))
  m <- svymean(f, sub)
  p <- as.numeric(coef(m)); v <- as.numeric(vcov(m)); df <- degf(sub)
  y <- sub$variables[[var]]; n <- length(y)
  used <- method
  if (all(y == 0) || all(y == 1)) {
    p <- mean(y); v <- 0; used <- "beta"
    ci <- beta_ci(p, v, n, df, level)
  } else if (method == "beta") {
    ci <- as.numeric(attr(svyciprop(f, sub, method = "beta", level = level), "ci"))
    stopifnot(isTRUE(all.equal(ci, beta_ci(p, v, n, df, level))))
  } else {
    ci <- suppressWarnings(as.numeric(attr(svyciprop(f, sub, method = "logit", level = level),
                                           "ci")))
    # The same interval written out: a t interval on the logit scale with SE(p) / (p(1-p)).
    t <- qt(1 - (1 - level) / 2, df)
    direct <- plogis(qlogis(p) + c(-1, 1) * t * sqrt(v) / (p * (1 - p)))
    tail <- 2 * pnorm(qt((1 - level) / 2, df))
    if (df > 0 && tail < 1e-8) {
      # confint.svyglm turns the t quantile into a normal level, 1 - tail; at df = 1 that level
      # is 1 - 5e-37 for 95% (it rounds to 1, the quantile becomes Inf and svyciprop returns
      # (0, NaN)) and 1 - 3e-10 for 90% (a few digits lost). The written-out interval is the
      # one svyciprop means.
      ci <- direct; reference <<- "formula: svyciprop loses precision at this df"
    } else if (df > 0) {
      stopifnot(all(abs(ci - direct) <= 1e-7 * pmax(abs(direct), 1e-9)))
    }
  }
  list(values = c(p, sqrt(v), ci, df), method = used)
}

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

CASES <- list(
  list(name = "srs", file = "srs.csv", design = "srs", lonely = "fail", as_no = FALSE,
       methods = c("wilson", "exact", "wald", "logit", "beta"), levels = c(0.95, 0.90),
       bys = list(character(0), "sex", "age_group", "child")),
  list(name = "srs_as_no", file = "srs.csv", design = "srs", lonely = "fail", as_no = TRUE,
       methods = c("wilson"), levels = 0.95, bys = list(character(0), "sex")),
  list(name = "weights", file = "weights.csv", design = "weights", lonely = "fail",
       as_no = FALSE, methods = c("logit", "beta"), levels = 0.95,
       bys = list(character(0), "sex", "age_group")),
  list(name = "design", file = "design.csv", design = "full", lonely = "fail", as_no = FALSE,
       methods = c("logit", "beta"), levels = c(0.95, 0.90),
       bys = list(character(0), "sex", "country_of_interview", c("sex", "age_group"))),
  list(name = "lonely", file = "lonely.csv", design = "full", lonely = "adjust", as_no = FALSE,
       methods = c("logit", "beta"), levels = 0.95, bys = list(character(0), "sex"))
)

out <- list()
for (case in CASES) {
  prep <- prepare(case$file, case$as_no)
  d <- prep$data
  options(survey.lonely.psu = case$lonely)
  des <- switch(case$design,
    srs = svydesign(ids = ~1, probs = rep(1, nrow(d)), data = d),
    weights = svydesign(ids = ~1, weights = ~weight, data = d),
    full = svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, nest = TRUE, data = d))
  for (by in case$bys) {
    keys <- if (length(by)) unique(d[, by, drop = FALSE]) else data.frame(row.names = 1)
    for (k in seq_len(nrow(keys))) {
      member <- rep(TRUE, nrow(d))
      label <- character(0)
      for (col in by) {
        value <- keys[k, col]
        if (is.na(value) || value == "") { member <- member & FALSE; next }
        member <- member & !is.na(d[[col]]) & d[[col]] == value
        label <- c(label, paste0(col, "=", value))
      }
      if (!any(member)) next
      for (ind in prep$indicators) {
        var <- paste0("y_", ind)
        y_all <- d[[var]][member]
        valid <- member & !is.na(d[[var]])
        n <- sum(valid); excluded <- sum(member) - n
        if (n == 0) next
        for (level in case$levels) for (method in case$methods) {
          reference <- "R"
          if (method %in% c("wilson", "exact", "wald")) {
            values <- srs_row(d[[var]][valid], method, level); used <- method
          } else {
            r <- design_row(subset(des, valid), var, method, level)
            values <- r$values; used <- r$method
          }
          out[[length(out) + 1]] <- data.frame(
            case = case$name, indicator = ind, by = paste(by, collapse = ","),
            group = paste(label, collapse = ";"), method = method, method_used = used,
            level = level, n = n, positives = sum(d[[var]][valid] == 1), excluded = excluded,
            estimate = fmt(values[1]), se = fmt(values[2]), ci_low = fmt(values[3]),
            ci_high = fmt(values[4]), df = fmt(values[5]), reference = reference)
        }
      }
    }
  }
}
result <- do.call(rbind, out)
write.csv(result, file.path(here, "expected.csv"), row.names = FALSE)
cat("wrote", nrow(result), "rows to", file.path(here, "expected.csv"), "\n")
