"""How values are shown to users: dates as 2026年3月5日, sizes in KB/MB."""

from __future__ import annotations

from datetime import date, datetime


def fmt_date(value: date | datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"{value.year}年{value.month}月{value.day}日"


def fmt_datetime(value: datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"{fmt_date(value)} {value:%H:%M}"


def fmt_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
