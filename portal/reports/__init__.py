"""Reports, key figures (nyckeltal) and the coordinators' dashboard (issue 8)."""
