"""Atomic file writes: a crash or a full disk never leaves a half-written file behind.

The data goes to a temporary file beside the target (`.<name>.<random>.tmp`), then replaces the
target in one step. A process killed in between leaves that temporary file: the app calls
`clean_leftover_temporaries()` at start to remove the old ones.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

TMP_SUFFIX = ".tmp"
# mkstemp's random part is 8 characters of [a-z0-9_]: only files of exactly that shape are ours.
_OURS = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    path = Path(path)
    if path.is_dir():  # said about the target, not about the temporary file beside it
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp_name, 0o666 & ~umask)  # mkstemp makes it private; a saved file is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.errno is not None and getattr(exc, "filename", None) != str(path):
            # The person knows the file they asked for, not the temporary one: name the target.
            raise OSError(exc.errno, exc.strerror, str(path), getattr(exc, "winerror", None)) from exc
        raise
    return path


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


def clean_leftover_temporaries(*folders: Path | str, older_than: float = 600.0, recursive: bool = True) -> list[Path]:
    """Remove the temporary files an interrupted atomic write left in `folders` (the app's own
    folders by default: settings, data, autosaves, schema cache) and return them.

    Only files named as `atomic_write_bytes` names them and older than `older_than` seconds are
    removed, so that a write in progress in another window of the app is never disturbed.
    """
    if not folders:
        from opendata_desktop.core.paths import cache_dir, config_dir, data_dir

        folders = (config_dir(), data_dir(), cache_dir())
    limit = time.time() - older_than
    removed: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        candidates = folder.rglob("*" + TMP_SUFFIX) if recursive else folder.glob("*" + TMP_SUFFIX)
        for candidate in candidates:
            try:
                if _OURS.match(candidate.name) and candidate.is_file() and candidate.stat().st_mtime < limit:
                    candidate.unlink()
                    removed.append(candidate)
            except OSError:
                continue  # locked by another program, or already gone: left for next time
    return removed
