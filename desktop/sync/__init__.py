"""报送: bundles to the committee, receipts, committee import (see api.py for the contract)."""
