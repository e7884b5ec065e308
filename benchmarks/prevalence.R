# The R side of benchmarks/bench_prevalence.py: the same three results as
#   ctis prevalence FILE --indicator any_indicator --by sex --by country_of_interview
#       --method logit --format csv
# computed with R's survey package, from the same CSV file, end to end (read, derive the
# composite, declare the design, estimate).
#
#     Rscript benchmarks/prevalence.R INPUT.csv OUTPUT.csv

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = "character", na.strings = "")
d$weight <- as.numeric(d$weight)

# "At least one indicator" per instrument version, missing answers excluded
# (shared/domain/flow-monitoring.md).
SET <- list(
  "fms-ct-2016" = c("unpaid_work", "forced_work", "job_offer", "marriage_offer",
                    "held_against_will"),
  "fms-ct-2017" = c("unpaid_work", "forced_work", "marriage_offer", "held_against_will")
)
y <- rep(NA_real_, nrow(d))
for (version in names(SET)) {
  rows <- which(d$instrument_version == version)
  yes <- miss <- numeric(length(rows))
  for (item in SET[[version]]) {
    v <- d[[paste0("ht_", item)]][rows]
    yes <- yes + (!is.na(v) & v == "yes")
    miss <- miss + (is.na(v) | !(v %in% c("yes", "no")))
  }
  y[rows] <- ifelse(yes >= 1, 1, ifelse(miss == 0, 0, NA))
}
d$any_indicator <- y

des <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
valid <- subset(des, !is.na(any_indicator))

row <- function(group_col, group, ci, m, df) {
  data.frame(indicator = "any_indicator", by = group_col, group = group,
             estimate = as.numeric(m), se = as.numeric(sqrt(attr(m, "var"))),
             ci_low = ci[1], ci_high = ci[2], df = df)
}
whole <- svyciprop(~any_indicator, valid, method = "logit")
out <- list(row("", "", as.numeric(attr(whole, "ci")), whole, degf(valid)))
for (col in c("sex", "country_of_interview")) {
  by <- svyby(~any_indicator, as.formula(paste0("~", col)), valid, svyciprop,
              method = "logit", vartype = c("se", "ci"))
  for (i in seq_len(nrow(by))) {
    out[[length(out) + 1]] <- data.frame(
      indicator = "any_indicator", by = col, group = as.character(by[i, col]),
      estimate = by[i, "any_indicator"], se = by[i, "se.as.numeric(any_indicator)"],
      ci_low = by[i, "ci_l"], ci_high = by[i, "ci_u"], df = NA)
  }
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE)
