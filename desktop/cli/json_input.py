"""The JSON input files' limits checked before their schema (``json_schema``, pydantic), and their error.

Kept apart from the schema so that commands which only read (``meetings list``) and the loader do not import
pydantic: ``json_schema`` is loaded when a file is checked against its model.
"""

from __future__ import annotations

from desktop.errors import ZhibuError

MAX_DEPTH = 8  # the deepest real file: {"members": [{"votes": {…}}]} is 4
MAX_INT_DIGITS = 12
MAX_TEXT = 200_000
MAX_ITEMS = 5_000


class JsonInputError(ZhibuError):
    """The JSON file cannot be used as given; the message names the field."""


# ---- before the schema: what JSON allows but nobody means ------------------------------------------
def parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonInputError(f"JSON 中的数字“{text[:20]}…”位数过多（超过 {MAX_INT_DIGITS} 位），请检查文件。")
    return int(text)


def check_shape(obj, name: str) -> None:
    """Nesting no deeper than MAX_DEPTH and no lone surrogate (\\ud800 written alone) in any key or text."""
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JsonInputError(f"{name} 的嵌套层数过多（超过 {MAX_DEPTH} 层），不是本软件的会议文件格式。")
        if isinstance(value, dict):
            stack.extend((k, depth) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise JsonInputError(f"{name} 中的文本“{value[:20].encode('utf-8', 'replace').decode()}”含有无效的 Unicode "
                                     "字符（单独的代理项，如 \\ud800），请删除后重试。") from None
