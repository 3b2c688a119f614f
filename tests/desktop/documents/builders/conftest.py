"""Fixtures for the document builder tests; the helpers live in builder_support (a unique module name,
so they never clash with another folder's conftest)."""

from builder_support import demo, hand  # noqa: F401  (session fixtures)
