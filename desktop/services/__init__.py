"""Feature services: one module per feature, each a class taking the open Workspace and returning plain
frozen dataclasses (never ORM objects), one unit of work per call."""
