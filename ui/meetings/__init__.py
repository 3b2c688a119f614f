"""组织生活 page: meeting records, the editor and the month overview."""
