"""支部纪实 headless core: domain, storage, ledger, services and CLI. Never imports Qt."""

__version__ = "0.1.0"
