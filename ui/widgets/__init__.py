"""Reusable widgets shared by several feature pages."""
