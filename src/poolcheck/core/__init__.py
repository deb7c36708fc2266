"""The kernel every layer stands on: diagnostics and spans, the one line model of a
source, where shipped data lives, rule links, safe disk reads, the per-file budget."""
