"""Expand the paths a user gives into the document files to read, in a deterministic order."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from pledgewatch.errors import IngestError
from pledgewatch.ingest.documents import is_supported, normalise_suffix, path_error, unsupported_suffix_error

logger = logging.getLogger(__name__)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Yield every document file under ``paths``, or an ``IngestError`` for each path that cannot be used.

    - A file named explicitly is yielded if its suffix is supported (hidden or not), else an error.
    - A folder is walked recursively in sorted name order; hidden files and folders (``.name``) are
      skipped, and so, silently, are files whose suffix is not supported and a folder's own
      ``README`` (``README.md``, ``readme.txt`` …): it describes the folder, it is not a report.
    - A missing or unreadable path yields an error; the walk goes on with the next path.
    - A file reached twice (named twice, or inside two given folders) is yielded once.

    Yielded paths keep the form given (a relative folder gives relative paths).
    """
    if isinstance(paths, str | Path):  # one path given bare, not in a list
        paths = [paths]
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        try:
            info = os.stat(path)
        except OSError as error:
            yield path_error(str(given), error, what="file or folder")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, seen=seen, visited_folders=set())
        elif not stat.S_ISREG(info.st_mode):
            yield IngestError(
                "is not a regular file (a device, pipe or socket)",
                where=str(given),
                hint="save the content to a file first and ingest that file",
            )
        elif not is_supported(path):
            yield unsupported_suffix_error(given, normalise_suffix(path.suffix))
        else:
            yield from _file(path, seen=seen)


def _is_folder_readme(name: str) -> bool:
    return Path(name).stem.lower() == "readme"


def _walk(folder: Path, *, seen: set[str], visited_folders: set[str]) -> Iterator[Path | IngestError]:
    real = os.path.realpath(folder)
    if real in visited_folders:  # a symlink loop
        return
    visited_folders = visited_folders | {real}
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield IngestError(
            f"cannot list the folder: {error.strerror or error}",
            where=str(folder),
            hint="give your user read and execute permission on it (e.g. 'chmod u+rx FOLDER') "
            "or leave it out",
        )
        return
    for entry in entries:
        if entry.name.startswith(".") or _is_folder_readme(entry.name):
            continue
        child = folder / entry.name
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(child, seen=seen, visited_folders=visited_folders)
        elif not is_supported(child):
            logger.debug("skipped %s: unsupported file type", child)
        elif not entry.is_file():
            # a broken symlink or a special file with a document's name
            try:
                os.stat(child)
            except OSError as error:
                yield path_error(str(child), error)
            else:
                logger.debug("skipped %s: not a regular file", child)
        else:
            yield from _file(child, seen=seen)


def _file(path: Path, *, seen: set[str]) -> Iterator[Path | IngestError]:
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    if not os.access(path, os.R_OK):
        yield path_error(str(path), PermissionError(errno.EACCES, "Permission denied"))
        return
    yield path
