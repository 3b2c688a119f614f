"""Going from the 首页 to where the work is done: the 组织生活 editors, the 党员 page, the 党费 and 发展党员 pages.

The other pages are reached through the main window (``show_page``) and used only through what they expose,
each call guarded, so the dashboard keeps working while those pages grow. Preferred hooks on the 组织生活
page, when it offers them: ``open_new(kind, group_id=None)`` and ``open_record(id)``.
"""

from __future__ import annotations

from desktop.domain.meeting_enums import MeetingKind

# record_type of the rules engine -> tab key of the 组织生活 page
TABS = {"meeting": "meeting", "heart_talk": "talk", "evaluation": "evaluation", "rectification": "rectification"}


def main_window(widget):
    """The main window that hosts ``widget`` (or None in a bare test)."""
    session = getattr(getattr(widget, "ctx", None), "session", None)
    window = getattr(session, "main_window", None)
    if window is None:
        window = widget.window()
    return window if hasattr(window, "show_page") else None


def _tab(page, record_type: str):
    key = TABS.get(record_type)
    if key is None or not hasattr(page, "show_tab"):
        return None
    try:
        return page.show_tab(key)
    except KeyError:
        return None


def create_record(widget, record_type: str, kind: str | None, period=None, group_id: int | None = None):
    """Switch to 组织生活 and open the editor for a new record of ``kind``. Returns the page shown."""
    window = main_window(widget)
    if window is None:
        return None
    page = window.show_page("meetings")
    if page is None:
        return None
    if record_type == "meeting" and kind and hasattr(page, "open_new"):
        page.open_new(kind, group_id=group_id)
        return page
    tab = _tab(page, record_type)
    editor = None
    if record_type == "meeting" and kind and hasattr(tab, "new_meeting"):
        editor = tab.new_meeting(MeetingKind(kind))
    elif record_type == "heart_talk" and hasattr(tab, "new_talk"):
        editor = tab.new_talk()
    elif record_type == "evaluation" and hasattr(tab, "new_round"):
        editor = tab.new_round()
    if editor is not None and period is not None and period.end < _today() and hasattr(editor, "show_banner"):
        editor.show_banner(f"补录{period.label_cn}的记录：请把日期改为实际开展的日期"
                           f"（{_cn(period.start)}至{_cn(period.end)}之间）。")
    return page


def open_record(widget, record_type: str, record_id: int):
    """Switch to 组织生活 and open an existing record in its editor."""
    window = main_window(widget)
    if window is None:
        return None
    page = window.show_page("meetings")
    if page is None:
        return None
    if record_type == "meeting" and hasattr(page, "open_record"):
        page.open_record(record_id)
        return page
    tab = _tab(page, record_type)
    opener = {"meeting": "open_meeting", "heart_talk": "open_talk", "evaluation": "open_round"}.get(record_type)
    if opener and hasattr(tab, opener):
        getattr(tab, opener)(record_id)
    return page


def show_meetings_month(widget, kind: str, year: int, month: int):
    """The 组织生活 list filtered to one kind and month (a heat-map cell)."""
    window = main_window(widget)
    page = window.show_page("meetings") if window else None
    if page is None:
        return None
    if kind in {k.value for k in MeetingKind}:
        tab = _tab(page, "meeting")
        if hasattr(tab, "set_filters"):
            tab.set_filters(year=year, kind=kind)
            if hasattr(tab, "set_month"):
                tab.set_month(month)
    elif kind == "heart_talk":
        _tab(page, "heart_talk")
    elif kind == "member_evaluation":
        _tab(page, "evaluation")
    return page


def show_rectifications(widget):
    window = main_window(widget)
    page = window.show_page("meetings") if window else None
    if page is not None:
        _tab(page, "rectification")
    return page


def show_member(widget, member_id: int):
    """The 党员 page with the member selected (once the roster has loaded)."""
    window = main_window(widget)
    page = window.show_page("members") if window else None
    if page is None:
        return None
    if hasattr(page, "go_to_member"):
        page.go_to_member(member_id)
    return page


def show_page(widget, key: str):
    window = main_window(widget)
    return window.show_page(key) if window else None


def _today():
    from datetime import date

    return date.today()


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
