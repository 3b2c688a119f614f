"""Start screen, unlock and create dialogs, and help for damaged books."""
