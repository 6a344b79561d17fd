"""The README documents what the code offers: every command and every setting."""

from __future__ import annotations

from pathlib import Path

import typer.main

from pledgewatch.cli import app
from pledgewatch.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _command_names(group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            names.extend(_command_names(command, prefix=f"{full} "))
        else:
            names.append(full)
    return names


def test_every_command_is_in_the_readme():
    click_group = typer.main.get_command(app)
    missing = []
    for name in _command_names(click_group):
        head, _, tail = name.partition(" ")
        # sub-commands are documented as `pledgewatch group a|b`
        if f"pledgewatch {name}" in README:
            continue
        if tail and f"pledgewatch {head} " in README and tail in README:
            continue
        missing.append(name)
    assert not missing, f"commands missing from README: {missing}"


def test_every_setting_is_in_the_readme():
    missing = [
        f"PLEDGEWATCH_{name.upper()}"
        for name in Settings.model_fields
        if f"PLEDGEWATCH_{name.upper()}" not in README
    ]
    assert not missing, f"settings missing from README: {missing}"
