"""``zhibu`` / ``python -m ui``: the desktop application."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import paths, startup_gc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhibu", description="支部纪实")
    parser.add_argument("--book", metavar="PATH", help="启动后打开这本支部纪实本（输入口令）")
    parser.add_argument("--demo", action="store_true", help="打开演示支部纪实本（首次使用时自动创建）")
    parser.add_argument("--committee", action="store_true",
                        help="与 --demo 一起使用：打开演示工委数据本（演示支部纪实本也在最近列表中）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认为用户数据目录）")
    parser.add_argument("--self-test", action="store_true", help="自检（不启动界面），结果输出到控制台")
    return parser


def create_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("支部纪实")
    app.setOrganizationName("zhibu")
    from ui import theme

    theme.setup(app)
    icon = paths.resource_path("icons", "zhibu.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args, qt_args = build_parser().parse_known_args(argv)  # the rest (e.g. -platform) is for Qt
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.self_test:  # the same check as the packaged app's: core only, no display needed
        from desktop.selftest import main as self_test

        return int(self_test() or 0)

    startup_gc.pause()  # until ui.core_loader has loaded the core (desktop/startup_gc.py)
    from desktop.storage.tempfiles import clean_stale

    clean_stale()  # temp files of outputs a killed run left behind
    app = create_app([sys.argv[0], *qt_args])
    from ui.session import AppSession

    session = AppSession()
    app.aboutToQuit.connect(session.shutdown)
    session.show_start()
    from ui import core_loader

    core_loader.start_after_paint(session.start_window)  # the core loads while the user types the passphrase
    if args.book:  # also with --demo (``python3 dev.py demo --book 演示/工委.zhibu``: the committee demo's book)
        session.offer_book(Path(args.book))
    elif args.demo and args.committee:
        from desktop.demo import DEMO_PASSPHRASE
        from ui.start.committee_demo import committee_demo_path

        print(f"演示工委数据本：{committee_demo_path()}\n演示口令：{DEMO_PASSPHRASE}", flush=True)
        session.open_committee_demo()
    elif args.demo:
        from desktop.demo import DEMO_PASSPHRASE, default_demo_path

        print(f"演示支部纪实本：{default_demo_path()}\n演示口令：{DEMO_PASSPHRASE}", flush=True)
        session.open_demo()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
