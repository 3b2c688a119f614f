"""evaluations UI."""
