"""talks UI."""
