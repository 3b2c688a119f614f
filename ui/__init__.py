"""The PySide6 desktop shell of 支部纪实. Imports ``desktop`` only; ``desktop`` never imports this."""
