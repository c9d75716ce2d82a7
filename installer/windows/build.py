"""Build setup.exe: our wheel and the locked win_amd64 wheels, unpacked, plus the Python embeddable runtime.

    python installer/windows/build.py --runtime python-3.12.8-embed-amd64.zip      # the real installer
    python installer/windows/build.py --runtime-url https://www.python.org/ftp/python/3.12.8/python-3.12.8-embed-amd64.zip
    python installer/windows/build.py --stand-in-runtime --only lxml,openpyxl      # Linux test build

Wheels are fetched once into --wheels (default installer/windows/.cache/wheels) by ``pip download
--require-hashes`` against the lock, so each file is the one whose sha256 the lock names; a wheel
already there is checked, not fetched again. ``--stand-in-runtime`` is for machines with no Windows
Python (this Linux one): it puts marked stand-in files where python.exe, pythonw.exe and the
runtime's ._pth go, so the installer's layout can be installed and checked under Wine; that build
names itself a test build in its caption and its file name, and is never one to give a clerk.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOCK = HERE / "requirements-win_amd64-cp312.txt"
PYTHON_TAG = "312"
PLATFORM_ARGS = ["--platform", "win_amd64", "--python-version", "3.12", "--implementation", "cp",
                 "--abi", "cp312", "--abi", "abi3", "--abi", "none", "--only-binary=:all:"]
STAND_IN = "绩效自评填报助手 test build: stand-in for the Windows Python runtime, which this build machine lacks.\r\n"


def fail(text: str) -> None:
    raise SystemExit(f"build: {text}")


def lock_entries() -> dict[str, tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "installer"))
    from lock import read_lock  # installer/ is scripts, not a package

    return dict(read_lock(LOCK))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheels(entries: dict[str, tuple[str, str]], cache: Path, index_url: str) -> list[Path]:
    """The wheel of each entry, from the cache or downloaded into it; each one's sha256 is the lock's."""
    cache.mkdir(parents=True, exist_ok=True)
    by_hash = {sha256(p): p for p in cache.glob("*.whl")}
    missing = {n: e for n, e in entries.items() if e[1] not in by_hash}
    if missing:
        with tempfile.TemporaryDirectory(prefix="wheels-") as tmp:
            reqs = Path(tmp) / "requirements.txt"
            reqs.write_text("".join(f"{n}=={v} --hash=sha256:{h}\n" for n, (v, h) in missing.items()), "utf-8")
            run = subprocess.run([sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check",
                                  "download", "--index-url", index_url, "--no-deps", "--require-hashes",
                                  *PLATFORM_ARGS, "-d", str(cache), "-r", str(reqs)],
                                 capture_output=True, text=True, check=False)
            if run.returncode != 0:
                fail(f"pip download failed:\n{run.stderr.strip()}")
        by_hash = {sha256(p): p for p in cache.glob("*.whl")}
    out = []
    for name, (version, digest) in entries.items():
        if digest not in by_hash:
            fail(f"no wheel of {name}=={version} with the locked sha256 in {cache}")
        out.append(by_hash[digest])
    return out


def our_wheel(out: Path) -> Path:
    """Our own project as a wheel: exactly the files pyproject.toml ships (packages and resources).

    Built in pip's isolated build environment from [build-system] requires: a fresh venv (as in CI) has
    no ``wheel`` package, so building with the venv's own setuptools fails for want of bdist_wheel.
    """
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                          "-w", str(out), str(ROOT)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        fail(f"could not build our wheel:\n{run.stderr.strip()}")
    return next(out.glob("budget_report_wizard-*.whl"))


def unpack_wheel(wheel: Path, site: Path) -> None:
    """Install a wheel the way pip lays it out in site-packages (purelib/platlib of .data included)."""
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            parts = Path(info.filename).parts
            if ".." in parts or Path(info.filename).is_absolute():
                fail(f"{wheel.name}: unsafe path {info.filename}")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue  # scripts, headers, data: the shortcuts start the program, nothing else is needed
                parts = parts[2:]
            if len(parts) == 1 and parts[0].endswith(".pth"):
                # The runtime starts without the site module (its ._pth isolates it), so a .pth would be ignored.
                fail(f"{wheel.name} needs a .pth file ({parts[0]}), which the embedded runtime does not read")
            target = site.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))


def stage_runtime(runtime: Path, dest: Path) -> None:
    """The embeddable runtime (zip or folder) in dest, its ._pth pointing at ..\\Lib\\site-packages."""
    dest.mkdir(parents=True)
    if runtime.is_dir():
        shutil.copytree(runtime, dest, dirs_exist_ok=True)
    else:
        with zipfile.ZipFile(runtime) as zf:
            zf.extractall(dest)
    pth = dest / f"python{PYTHON_TAG}._pth"
    for required in ("python.exe", "pythonw.exe", pth.name):
        if not (dest / required).is_file():
            fail(f"{runtime} is not a CPython 3.{PYTHON_TAG[1:]} embeddable runtime: {required} is missing")
    write_pth(pth)


def write_pth(pth: Path) -> None:
    # No "import site": the user's own site-packages and PYTHON* variables must not reach the program.
    pth.write_text(f"python{PYTHON_TAG}.zip\r\n.\r\n..\\Lib\\site-packages\r\n", "utf-8", newline="")


def stage_stand_in(dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in ("python.exe", "pythonw.exe", f"python{PYTHON_TAG}.dll", f"python{PYTHON_TAG}.zip"):
        (dest / name).write_text(STAND_IN, "utf-8", newline="")
    write_pth(dest / f"python{PYTHON_TAG}._pth")


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def download(url: str, dest: Path) -> Path:
    with urllib.request.urlopen(url, timeout=120) as response:  # build machine only; the installer never does
        data = response.read()
    target = dest / url.rsplit("/", 1)[-1]
    target.write_bytes(data)
    zipfile.ZipFile(io.BytesIO(data)).testzip()
    return target


def find_makensis(given: str | None) -> str:
    found = given or shutil.which("makensis")
    if not found:
        fail("makensis not found (Debian: apt-get install nsis; Windows: choco install nsis)")
    return str(found)


def build(args: argparse.Namespace) -> Path:
    entries = lock_entries()
    if args.only:
        wanted = {n.strip().lower().replace("_", "-") for n in args.only.split(",") if n.strip()}
        unknown = wanted - set(entries)
        if unknown:
            fail(f"--only names packages not in the lock: {', '.join(sorted(unknown))}")
        entries = {n: e for n, e in entries.items() if n in wanted}
    version = project_version()
    out = Path(args.out) if args.out else ROOT / "dist" / (
        f"绩效自评填报助手-{version}-setup" + ("-test-build-no-python" if args.stand_in_runtime else "") + ".exe")
    wheels = fetch_wheels(entries, Path(args.wheels), args.index_url)
    with tempfile.TemporaryDirectory(prefix="setup-stage-") as tmp:
        stage = Path(tmp) / "stage"
        site = stage / "Lib" / "site-packages"
        site.mkdir(parents=True)
        for wheel in [our_wheel(Path(tmp) / "ours"), *wheels]:
            unpack_wheel(wheel, site)
        if args.stand_in_runtime:
            stage_stand_in(stage / "python")
        else:
            runtime = Path(args.runtime) if args.runtime else download(args.runtime_url, Path(tmp))
            stage_runtime(runtime, stage / "python")
        shutil.copy2(HERE / "app.ico", stage / "app.ico")
        out.parent.mkdir(parents=True, exist_ok=True)
        cmd = [find_makensis(args.makensis), "-V2", "-INPUTCHARSET", "UTF8", f"-DSTAGE={stage}",
               f"-DOUTFILE={out.resolve()}", f"-DVERSION={version}"]
        if args.stand_in_runtime:
            cmd.append("-DSTANDIN")
        # makensis takes "/" options on Windows and "-" options everywhere.
        run = subprocess.run([*cmd, str(HERE / "installer.nsi")], capture_output=True, text=True, check=False,
                             env={**os.environ, "LANG": "C.UTF-8"})
        if run.returncode != 0:
            fail(f"makensis failed:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--runtime", help="the CPython 3.12 embeddable zip (python-3.12.*-embed-amd64.zip) or its folder")
    source.add_argument("--runtime-url", help="download the embeddable zip from here (build machine only)")
    source.add_argument("--stand-in-runtime", action="store_true", help="test build without a Windows Python")
    parser.add_argument("--only", help="comma-separated lock names to include (test builds); default all")
    parser.add_argument("--wheels", default=str(HERE / ".cache" / "wheels"), help="wheel cache folder")
    parser.add_argument("--index-url", default=os.environ.get("LOCK_INDEX_URL", "https://pypi.org/simple"))
    parser.add_argument("--makensis")
    parser.add_argument("--out", help="setup.exe to write (default dist/绩效自评填报助手-VERSION-setup.exe)")
    out = build(parser.parse_args(argv))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
