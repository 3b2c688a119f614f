"""Start the frozen GUI under Xvfb with NO system fonts visible and save a screenshot.

    python packaging/gui_screenshot.py [--app dist/zhibu/zhibu] [--out shot.png] [--wait 10] [--args --demo]

Fontconfig is pointed at a configuration that lists no font folders, so any Chinese text on the screenshot was
drawn with the fonts bundled in the package (otherwise it would show empty boxes). Needs Xvfb and ImageMagick's
``import`` (Debian: ``apt-get install xvfb imagemagick``) and the xcb libraries listed in docs/packaging.md.
Exit status 0 when the app was still running at screenshot time and the picture is not blank.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- No <dir> and no <include>: fontconfig knows no fonts at all. -->
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def free_display() -> int:
    for n in range(99, 160):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise SystemExit("no free X display number")


def shrink(path: Path, limit: int) -> None:
    """Crop to the windows and keep the PNG under ``limit`` bytes (palette, then downscaling) so it fits in git."""
    from PIL import Image

    img = Image.open(path).convert("RGB")
    box = img.point(lambda v: 255 if v > 8 else 0).getbbox()  # crop the empty (black) X root around the window
    if box:
        img = img.crop(box)
    for scale in (1.0, 0.85, 0.7, 0.55):
        candidate = img if scale == 1.0 else img.resize((int(img.width * scale), int(img.height * scale)),
                                                        Image.LANCZOS)
        candidate.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        if path.stat().st_size <= limit:
            return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app", default="dist/zhibu/zhibu")
    ap.add_argument("--out", default="frozen-gui.png")
    ap.add_argument("--wait", type=float, default=10.0, help="seconds to let the window appear")
    ap.add_argument("--size", default="1100x720")
    ap.add_argument("--max-bytes", type=int, default=150_000)
    ap.add_argument("--args", nargs=argparse.REMAINDER, default=["--demo"], help="arguments for the app")
    args = ap.parse_args(argv)
    app = Path(args.app).resolve()
    if not app.exists():
        print(f"no {app}: run `make dist` first", file=sys.stderr)
        return 2
    for tool in ("Xvfb", "import"):
        if not shutil.which(tool):
            print(f"{tool} not found (apt-get install xvfb imagemagick)", file=sys.stderr)
            return 2

    tmp = Path(tempfile.mkdtemp(prefix="zhibu-shot-"))
    conf = tmp / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp / "fc-cache"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND", "PYTHON"))}
    env.update(FONTCONFIG_FILE=str(conf), HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "home" / "share"),
               XDG_CONFIG_HOME=str(tmp / "home" / "config"), ZHIBU_DATA_DIR=str(tmp / "data"),
               QT_QPA_PLATFORM="xcb", LANG="zh_CN.UTF-8")
    (tmp / "home").mkdir()
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout.strip()
        print(f"fonts visible to fontconfig: {len(fonts.splitlines()) if fonts else 0}")
        if fonts:
            print(fonts, file=sys.stderr)
            return 1

    display = free_display()
    env["DISPLAY"] = f":{display}"
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app_proc = None
    try:
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.1)
        log = open(tmp / "app.log", "wb")  # noqa: SIM115 - closed below
        app_proc = subprocess.Popen([str(app), *args.args], env=env, stdout=log, stderr=subprocess.STDOUT)
        time.sleep(args.wait)
        alive = app_proc.poll() is None
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-display", f":{display}", "-window", "root", str(out)], env=env, check=True)
        shrink(out, args.max_bytes)
        log.close()
        print((tmp / "app.log").read_text(encoding="utf-8", errors="replace").strip())
        from PIL import Image

        colours = len(Image.open(out).convert("RGB").getcolors(1 << 20) or [])
        print(f"screenshot {out} ({out.stat().st_size // 1024} KB, {colours} colours); app running: {alive}")
        return 0 if alive and colours > 2 else 1
    finally:
        if app_proc is not None and app_proc.poll() is None:
            app_proc.terminate()
            try:
                app_proc.wait(10)
            except subprocess.TimeoutExpired:
                app_proc.kill()
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
