"""支部组织: branch details, party groups and the elected committee (shown on the 设置 page)."""
