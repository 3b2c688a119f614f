"""设置 page: passphrase, backups, data folder, auto-lock and name order."""
