"""Every command has --help with an example, and the CLI never shows a traceback."""

import click
import pytest
from click.testing import CliRunner

from mtaudit.cli import COMMANDS, cli


def _all_commands():
    ctx = click.Context(cli)
    out = []
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        out.append((name,))
        if isinstance(cmd, click.Group):
            out.extend((name, sub) for sub in cmd.list_commands(click.Context(cmd)))
    return out


def test_registry_lists_commands():
    assert {"audit", "align"} <= set(COMMANDS)


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Example" in result.output, f"{' '.join(path)} --help has no example"


def test_top_level_help_and_version():
    runner = CliRunner()
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    res = runner.invoke(cli, ["--version"])
    assert res.exit_code == 0 and "mtaudit" in res.output
