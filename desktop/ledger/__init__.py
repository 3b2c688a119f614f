"""纪实: the tamper-evident chain of finalized records (canonical encoding, hashing, verification, amendments)."""
