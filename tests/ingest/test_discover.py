from __future__ import annotations

import os
from pathlib import Path

import pytest

from pledgewatch.errors import IngestError
from pledgewatch.ingest import discover
from tests.ingest.samples import assert_user_error, permissions_enforced


def make_tree(root: Path) -> None:
    files = [
        "b.txt",
        "a.md",
        "README.md",
        "notes.docx",
        "image.png",
        "UPPER.PDF",
        "sub/z.html",
        "sub/deeper/y.htm",
        "sub/x.markdown",
        "sub/data.csv",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/page.html",
    ]
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"text")


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    make_tree(tmp_path)
    found = list(discover([tmp_path]))
    assert all(isinstance(item, Path) for item in found)
    assert [str(item.relative_to(tmp_path)) for item in found] == [
        # README.md describes the folder and is skipped
        "UPPER.PDF",
        "a.md",
        "b.txt",
        os.path.join("sub", "deeper", "y.htm"),
        os.path.join("sub", "x.markdown"),
        os.path.join("sub", "z.html"),
    ]
    # hidden files and folders, and unsupported files inside folders, are skipped without errors
    assert list(discover([tmp_path])) == found  # deterministic


def test_relative_folder_gives_relative_paths(tmp_path, monkeypatch):
    make_tree(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    found = list(discover(["corpus"]))
    assert found[0] == Path("corpus") / "UPPER.PDF"
    assert not any(item.is_absolute() for item in found if isinstance(item, Path))


def test_a_bare_path_is_accepted_too(tmp_path):
    make_tree(tmp_path)
    assert list(discover(tmp_path)) == list(discover([tmp_path]))
    assert list(discover(str(tmp_path / "b.txt"))) == [tmp_path / "b.txt"]


def test_explicit_files_hidden_or_not_and_errors_in_order(tmp_path):
    make_tree(tmp_path)
    missing = tmp_path / "missing.pdf"
    found = list(discover([tmp_path / "b.txt", tmp_path / ".hidden.txt", tmp_path / "notes.docx", missing]))
    assert found[:2] == [tmp_path / "b.txt", tmp_path / ".hidden.txt"]
    assert isinstance(found[2], IngestError)
    assert_user_error(
        found[2], str(tmp_path / "notes.docx"), "unsupported file type '.docx'", "convert the file"
    )
    assert isinstance(found[3], IngestError)
    assert_user_error(found[3], str(missing), "file or folder not found", "check the spelling")
    assert len(found) == 4


def test_a_file_reached_twice_is_yielded_once(tmp_path):
    make_tree(tmp_path)
    found = list(discover([tmp_path / "a.md", tmp_path, tmp_path / "sub"]))
    paths = [item for item in found if isinstance(item, Path)]
    assert len(paths) == len(set(paths)) == 6
    assert paths[0] == tmp_path / "a.md"


def test_broken_symlink_inside_a_folder_is_reported(tmp_path):
    (tmp_path / "ok.txt").write_bytes(b"text")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    found = list(discover([tmp_path]))
    assert isinstance(found[0], IngestError)
    assert_user_error(found[0], str(tmp_path / "gone.txt"), "file not found")
    assert found[1] == tmp_path / "ok.txt"


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.txt").write_bytes(b"text")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    found = list(discover([tmp_path]))
    assert found == [tmp_path / "sub" / "doc.txt"]


def test_unreadable_folder_is_reported_and_the_walk_goes_on(tmp_path):
    if not permissions_enforced(tmp_path):
        pytest.skip("this user can list every folder (root)")
    locked = tmp_path / "a-locked"
    locked.mkdir()
    (locked / "doc.txt").write_bytes(b"text")
    (tmp_path / "b.txt").write_bytes(b"text")
    locked.chmod(0)
    try:
        found = list(discover([tmp_path]))
    finally:
        locked.chmod(0o700)
    assert isinstance(found[0], IngestError)
    assert_user_error(found[0], str(locked), "cannot list the folder", "chmod")
    assert found[1:] == [tmp_path / "b.txt"]


def test_folder_readme_is_skipped_but_a_named_readme_is_read(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "README.md").write_text("# About this folder\n\nIllustrative reports.\n", encoding="utf-8")
    (folder / "readme.txt").write_text("About.\n", encoding="utf-8")
    (folder / "report.md").write_text("A report.\n", encoding="utf-8")
    found = list(discover([folder]))
    assert [p.name for p in found] == ["report.md"]
    assert [p.name for p in discover([folder / "README.md"])] == ["README.md"]
