"""Read a YAML knowledge file and keep the line of every value, for error messages.

The data comes from ``yaml.safe_load``; the node tree from ``yaml.compose`` on the same text, so a
path into the data (``["commitments", 3, "category"]``) can be turned into the line it was written on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pledgewatch.errors import KnowledgeError

PathPart = str | int


# libyaml's parser where PyYAML was built with it (the wheels are): the same data and marks, several
# times faster than the pure-Python one on the knowledge files every command loads
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that keeps an impossible date ("2025-13-01") as its text, so the checker can say
    which field and line hold it instead of failing on the whole file."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass(frozen=True)
class YamlFile:
    """Decoded data of one YAML file plus its node tree (``None`` for an empty file)."""

    path: Path
    display: str  # how the file is named in messages
    data: Any
    root: yaml.Node | None

    def line(self, path: Sequence[PathPart] = ()) -> int:
        """1-based line of the value at ``path``; a missing step gives the line of its closest parent.

        The last step of a mapping path points at the key, so "field 'x'" errors show the field's line.
        """
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for step in path:
            child, key_line = _child(node, step)
            if child is None:
                return line
            node = child
            line = key_line if key_line is not None else node.start_mark.line + 1
        return line

    def where(self, path: Sequence[PathPart] = ()) -> str:
        return f"{self.display}:{self.line(path)}"


def _child(node: yaml.Node, step: PathPart) -> tuple[yaml.Node | None, int | None]:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                return value_node, key_node.start_mark.line + 1
        return None, None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], None
    return None, None


def read_yaml(path: Path, *, display: str | None = None) -> YamlFile:
    """Parse ``path``; a syntax error becomes a :class:`KnowledgeError` naming file and line."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeError(f"cannot read file: {error.strerror or error}", where=shown) from None
    except UnicodeDecodeError:
        raise KnowledgeError("file is not valid UTF-8", where=shown, hint="re-save it as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "invalid YAML"
        raise KnowledgeError(
            f"YAML syntax error: {problem}",
            where=f"{shown}:{line}",
            hint="check indentation and quoting on that line and the one before it",
        ) from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"YAML error: {error}", where=shown) from None
    return YamlFile(path=path, display=shown, data=data, root=root)


def duplicate_keys(doc: YamlFile) -> list[KnowledgeError]:
    """Keys given twice in one mapping: YAML keeps the last silently, which hides edits."""
    problems: list[KnowledgeError] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key, line = key_node.value, key_node.start_mark.line + 1
                    if key in seen:
                        problems.append(
                            KnowledgeError(
                                f"key '{key}' appears twice (first on line {seen[key]})",
                                where=f"{doc.display}:{line}",
                                hint="remove one of them",
                            )
                        )
                    else:
                        seen[key] = line
                walk(value_node)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    if doc.root is not None:
        walk(doc.root)
    return problems
