"""The README is the user's guide: every `griddash` subcommand with every one of its options, and
every page path, is in it — read from the command's parser and the app's navigation, so a new
command, option or page cannot go undocumented."""

from __future__ import annotations

import argparse
import ast

from dashboard.commands import cli
from dashboard.core import paths

README = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _commands_block() -> str:
    """The fenced block under '## Commands' that lists the commands."""
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def test_every_subcommand_and_option_is_in_the_readme():
    block = _commands_block()
    commands = _subcommands()
    assert {"generate", "validate", "ingest", "brief", "query", "report", "schema", "serve"} <= set(
        commands
    )
    for name, parser in commands.items():
        assert f"griddash {name}" in block, f"griddash {name} is not in the README's Commands"
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    line = next(ln for ln in block.splitlines() if f"griddash {name}" in ln)
                    rest = block.split(line, 1)[1].split("griddash ", 1)[0]
                    assert option in line + rest, f"griddash {name} {option} is not in the README"


def test_every_page_path_is_in_the_readme():
    tree = ast.parse((paths.PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))
    nav = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "NAVIGATION"
    )
    urls = [ast.literal_eval(row)[4] for row in nav.elts]
    assert len(urls) >= 8
    for url in urls:
        assert f"`/{url}`" in README, f"page /{url} is not in the README"
