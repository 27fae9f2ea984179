"""Command-line interface: a thin click layer over the library.

Sub-commands live in their own modules and are imported only when invoked, so ``mtaudit --help``
stays fast. Library errors (:class:`~mtaudit.errors.MtauditError`) become one-line messages and
exit code 2; no traceback reaches the user.
"""

from __future__ import annotations

import importlib
import sys

import click

from mtaudit import __version__

# name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "audit": "mtaudit.cli.audit_cmd:audit",
    "align": "mtaudit.cli.align_cmd:align",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtaudit")
def cli() -> None:
    """mtaudit: audit a machine translation against its source.

    \b
    Example:
      mtaudit audit seeds/003_a11d716948e0df65.txt seeds/000_446608ba329916e1.txt
    """


def main(argv: list[str] | None = None) -> None:
    from mtaudit.errors import MtauditError

    try:
        cli.main(args=argv, prog_name="mtaudit", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("mtaudit: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except MtauditError as exc:
        click.echo(f"mtaudit: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("mtaudit: interrupted", err=True)
        sys.exit(130)
