"""Write the locked, hashed requirement sets of the packaged targets from pyproject.toml.

    python installer/lock.py            # regenerate every lock (needs PyPI, resolves in seconds)
    python installer/lock.py --check    # resolve again and fail if a committed lock is not closed

Each target is a platform pip cannot see from here (Windows amd64, Linux arm64), so pip resolves
with ``--platform``/``--python-version`` in ``--dry-run --report`` mode: it reads PyPI's metadata
files, downloads no wheel, and reports the one file it chose with its sha256. pip evaluates
environment markers against the interpreter it runs in, not the target, so this script evaluates
the project's markers itself and then checks the result is closed under the *target's* markers
(a dependency needed only on Windows, ``platform_system == "Windows"``, would otherwise be missed);
a missing one is added as a requirement and the set is resolved again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPI = "https://pypi.org/simple"


@dataclass(frozen=True)
class Target:
    name: str
    lock: Path
    platforms: tuple[str, ...]
    python: str  # "3.12"
    environment: Mapping[str, str]
    # Pins markers cannot express (glibc): PySide6 6.9+ wheels for aarch64 need glibc 2.39.
    constraints: tuple[str, ...] = field(default=())

    @property
    def abi(self) -> str:
        return "cp" + self.python.replace(".", "")

    def marker_environment(self) -> dict[str, str]:
        return {"python_version": self.python, "python_full_version": self.python + ".0",
                "implementation_name": "cpython", "platform_python_implementation": "CPython",
                "implementation_version": self.python + ".0", **self.environment}


WINDOWS = Target(
    "win_amd64", ROOT / "installer" / "windows" / "requirements-win_amd64-cp312.txt", ("win_amd64",), "3.12",
    {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"})
# pip 23 does not widen a manylinux_2_31 platform to the older manylinux tags it accepts, so name them all.
LINUX_ARM64 = Target(
    "linux_aarch64", ROOT / "installer" / "linux" / "requirements-linux_aarch64-cp310.txt",
    (*(f"manylinux_2_{minor}_aarch64" for minor in range(31, 16, -1)), "manylinux2014_aarch64"), "3.10",
    {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"},
    constraints=("PySide6-Essentials>=6.8,<6.9",))
TARGETS = (WINDOWS, LINUX_ARM64)


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str
    filename: str
    requires: tuple[str, ...]


def project_requirements(target: Target) -> list[Requirement]:
    """The project's dependencies that apply on ``target`` (markers evaluated for it), markers dropped."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    out = []
    for text in project["dependencies"]:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(target.marker_environment()):
            req.marker = None
            out.append(req)
    return out


def pip_command(command: str, index_url: str) -> list[str]:
    # --isolated: this machine's pip.conf and PIP_* (local wheel folders, constraints) must not pick the files.
    return [sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", command, "--index-url", index_url]


def platform_args(target: Target) -> list[str]:
    args = [arg for platform in target.platforms for arg in ("--platform", platform)]
    return [*args, "--python-version", target.python, "--implementation", "cp", "--abi", target.abi,
            "--abi", "abi3", "--abi", "none", "--only-binary=:all:"]


def resolve(target: Target, requirements: Iterable[str], index_url: str) -> dict[str, Pin]:
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        report = Path(tmp) / "report.json"
        reqs = Path(tmp) / "requirements.txt"
        reqs.write_text("\n".join([*requirements, *target.constraints]) + "\n", "utf-8")
        cmd = [*pip_command("install", index_url), "--dry-run", "--ignore-installed", "--quiet",
               "--target", str(Path(tmp) / "never-written"), "--report", str(report),
               *platform_args(target), "-r", str(reqs)]
        run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
        if run.returncode != 0:
            raise SystemExit(f"lock: pip could not resolve {target.name}:\n{run.stderr.strip()}")
        data = json.loads(report.read_text("utf-8"))
    pins: dict[str, Pin] = {}
    for item in data["install"]:
        meta, info = item["metadata"], item["download_info"]
        pins[canonicalize_name(meta["name"])] = Pin(
            canonicalize_name(meta["name"]), meta["version"], info["archive_info"]["hashes"]["sha256"],
            info["url"].rsplit("/", 1)[-1], tuple(meta.get("requires_dist", ())))
    return pins


def unmet(target: Target, roots: Iterable[Requirement], pins: Mapping[str, Pin]) -> list[tuple[Requirement, str]]:
    """(requirement, who needs it) of the project and every pin that the pins do not satisfy on ``target``."""
    problems = []
    wanted: list[tuple[str, Requirement]] = [("pyproject.toml", r) for r in roots]
    for each in pins.values():
        wanted += [(each.name, Requirement(text)) for text in each.requires]
    for origin, req in wanted:
        env = {**target.marker_environment(), "extra": ""}
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        have = pins.get(canonicalize_name(req.name))
        if have is None or not req.specifier.contains(Version(have.version), prereleases=True):
            req.marker = None
            problems.append((req, origin))
    return problems


def lock(target: Target, index_url: str) -> dict[str, Pin]:
    roots = project_requirements(target)
    extra: list[str] = []
    for _ in range(5):
        pins = resolve(target, [str(r) for r in roots] + extra, index_url)
        missing = unmet(target, roots, pins)
        if not missing:
            return pins
        # The marker pip skipped applies on the target: ask for it explicitly and resolve again.
        extra += [str(req) for req, _ in missing]
    raise SystemExit(f"lock: {target.name} is not closed after 5 rounds: {[str(r) for r, _ in missing]}")


def render(target: Target, pins: Mapping[str, Pin]) -> str:
    lines = [
        "# Generated by `python installer/lock.py` from pyproject.toml; do not edit by hand.",
        f"# Target: {target.name}, CPython {target.python} ({', '.join(target.platforms[:1])}"
        + (" and older tags" if len(target.platforms) > 1 else "") + ").",
        *(f"# Extra pin: {c}" for c in target.constraints),
        "",
    ]
    for name in sorted(pins):
        pin = pins[name]
        lines += [f"# {pin.filename}", f"{pin.name}=={pin.version} \\", f"    --hash=sha256:{pin.sha256}"]
    return "\n".join(lines) + "\n"


def read_lock(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (version, sha256) of a lock file written by ``render``."""
    out: dict[str, tuple[str, str]] = {}
    text = path.read_text("utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, _, digest = line.partition("--hash=sha256:")
        name, _, version = spec.strip().partition("==")
        out[canonicalize_name(name)] = (version, digest.strip())
    return out


def check(target: Target, index_url: str) -> list[str]:
    """Problems with the committed lock: pyproject not satisfied, or not what pip resolves from the lock."""
    locked = read_lock(target.lock)
    problems = []
    for req in project_requirements(target):
        have = locked.get(canonicalize_name(req.name))
        if have is None or not req.specifier.contains(Version(have[0]), prereleases=True):
            problems.append(f"{target.lock.name}: pyproject.toml wants {req}, the lock has {have}")
    # pip resolves the lock itself: every pin must exist for the target with exactly the locked file,
    # and the pins must be closed (unmet() checks the target's markers, which pip cannot).
    pins = resolve(target, [f"{n}=={v}" for n, (v, _) in locked.items()], index_url)
    for name, (version, digest) in locked.items():
        pin = pins.get(name)
        if pin is None or pin.version != version or pin.sha256 != digest:
            problems.append(f"{target.lock.name}: {name}=={version} resolves to {pin}")
    problems += [f"{target.lock.name}: {req} (needed by {origin}) is not in the lock"
                 for req, origin in unmet(target, project_requirements(target), pins)]
    problems += [f"{target.lock.name}: pip adds {n}" for n in pins if n not in locked]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="verify the committed locks instead of writing them")
    parser.add_argument("--target", choices=[t.name for t in TARGETS], action="append",
                        help="only this target (repeatable); default all")
    parser.add_argument("--index-url", default=os.environ.get("LOCK_INDEX_URL", PYPI))
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    if args.check:
        problems = [p for t in targets for p in check(t, args.index_url)]
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    for target in targets:
        pins = lock(target, args.index_url)
        target.lock.parent.mkdir(parents=True, exist_ok=True)
        target.lock.write_text(render(target, pins), "utf-8", newline="\n")
        print(f"{target.lock.relative_to(ROOT)}: {len(pins)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
