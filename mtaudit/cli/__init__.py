"""Command-line interface: a thin click layer over the library.

Sub-commands live in their own modules and are imported only when invoked, so ``mtaudit --help``
stays fast. Library errors (:class:`~mtaudit.core.errors.MtauditError`) become one-line messages and
exit code 2; no traceback reaches the user (``MTAUDIT_DEBUG=1`` shows it for bug reports).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from mtaudit.core.version import __version__

# name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "audit": "mtaudit.cli.audit_cmd:audit",
    "align": "mtaudit.cli.align_cmd:align",
    "gate": "mtaudit.cli.gate_cmd:gate",
    "corpus": "mtaudit.cli.corpus_cmd:corpus",
    "render": "mtaudit.cli.render_cmd:render",
    "models": "mtaudit.cli.models_cmd:models",
}


def error_line(message: object, prefix: str = "mtaudit: error: ") -> str:
    """One line for stderr: the message with control characters and newlines shown escaped
    (a file name or a document's text cannot move the cursor, clear the screen or add lines)."""
    from mtaudit.core.escape import visible

    return prefix + visible(message)


class InputProblem(click.ClickException):
    """An expected failure (bad input, missing model, bad config): one line, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(error_line(self.format_message()), err=True, file=file)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> Any:
        from mtaudit.core.errors import MtauditError

        try:
            return super().invoke(ctx)
        except MtauditError as exc:
            raise InputProblem(str(exc)) from exc
        except OSError as exc:  # unreadable/unwritable paths and the like
            raise InputProblem(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtaudit")
def cli() -> None:
    """mtaudit: audit a machine translation against its source.

    \b
    Example:
      mtaudit audit seeds/003_a11d716948e0df65.txt seeds/000_446608ba329916e1.txt
    """


class Terminated(BaseException):
    """SIGTERM or SIGHUP turned into an exception, so that ``finally`` blocks and the atomic
    writer's clean-up run as they do for Ctrl-C (no temporary file is left behind)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: Any) -> None:
    raise Terminated(signum)


def _install_signal_handlers() -> None:
    """SIGTERM/SIGHUP -> :class:`Terminated`, where they still have their default action (an
    embedding application that installed its own handlers keeps them)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            signal.signal(sig, _raise_terminated)


def _usage_line(exc: click.UsageError) -> str:
    """A usage error on one line, with the command to get help."""
    command = exc.ctx.command_path if exc.ctx is not None else "mtaudit"
    message = " ".join(exc.format_message().split())
    return error_line(f"{message} (see '{command} --help')")


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Library warnings (a cache rebuilt or bypassed...) as one ``mtaudit: warning:`` line."""
    click.echo(error_line(message, "mtaudit: warning: "), err=True)


def main(argv: list[str] | None = None) -> None:
    import warnings

    _install_signal_handlers()
    warnings.showwarning = _show_warning
    try:
        rc = cli.main(args=argv, prog_name="mtaudit", standalone_mode=False)
    except Terminated as exc:
        import signal

        click.echo(f"mtaudit: terminated ({signal.Signals(exc.signum).name})", err=True)
        sys.exit(128 + exc.signum)
    except click.UsageError as exc:
        click.echo(_usage_line(exc), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("mtaudit: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code if exc.exit_code != 1 or isinstance(exc, InputProblem) else 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("mtaudit: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: still no traceback unless asked for
        if os.environ.get("MTAUDIT_DEBUG"):
            raise
        click.echo(error_line(f"{type(exc).__name__}: {exc} (run with MTAUDIT_DEBUG=1 for "
                              "the traceback and report it)", "mtaudit: internal error: "),
                   err=True)
        sys.exit(3)
    # With standalone_mode=False click returns the code given to ctx.exit() (gate: 1 = failed).
    sys.exit(rc if isinstance(rc, int) else 0)
