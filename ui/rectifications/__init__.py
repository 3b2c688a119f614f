"""rectifications UI."""
