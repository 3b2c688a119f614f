"""党员 page: the roster, member dialog, membership events, Excel import and export."""
