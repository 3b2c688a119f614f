"""``zhibu`` / ``python -m ui``: the desktop application."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop import paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhibu", description="支部纪实")
    parser.add_argument("--book", metavar="PATH", help="启动后打开这本支部纪实本（输入口令）")
    parser.add_argument("--demo", action="store_true", help="打开演示支部纪实本（首次使用时自动创建）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认为用户数据目录）")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)  # reserved: another issue
    return parser


def create_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("支部纪实")
    app.setOrganizationName("zhibu")
    from ui import theme

    theme.setup(app)
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.self_test:
        try:
            from ui.self_test import run as self_test  # provided by its own issue
        except ImportError:
            print("此版本不包含自检功能。", file=sys.stderr)
            return 2
        return int(self_test(args) or 0)

    app = create_app([sys.argv[0], *argv])
    from ui.session import AppSession

    session = AppSession()
    app.aboutToQuit.connect(session.shutdown)
    session.show_start()
    if args.demo:
        session.open_demo()
    elif args.book:
        session.offer_book(Path(args.book))
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
