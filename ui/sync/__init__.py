"""报送 page of a branch book: trust the committee, export bundles, import receipts."""
