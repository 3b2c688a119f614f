"""Which side a book is on: a committee book carries the book setting ``book.mode = "committee"``.

Kept apart from ``committee.py`` so that opening any book (which reads the mode) imports no crypto code.
"""

MODE_SETTING = "book.mode"
COMMITTEE_MODE = "committee"
