"""Version stamps of derived data: a digest of the code and libraries that produce it."""

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def installed_version(package: str) -> str:
    """The installed version of a distribution, or 'absent'."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def code_digest(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A short sha256 of the source files' bytes and the packages' installed versions."""
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(f"{path.name}\0".encode() + path.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={installed_version(package)}\0".encode())
    return digest.hexdigest()[:16]
