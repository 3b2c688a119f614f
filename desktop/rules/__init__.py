"""The rules engine: the cadence of organizational life and the 考评细则 as data (``resources/rules/``),
evaluated in pure Python over a book's records. ``ws.rules`` (``service.RulesService``) is the entry point;
see docs/rules.md."""
