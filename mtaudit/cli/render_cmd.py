"""`mtaudit render`: re-render a saved JSON report in another format."""

from __future__ import annotations

import click

from mtaudit.cli.common import report_format_option


@click.command()
@click.argument("report_file", type=click.Path(dir_okay=False))
@report_format_option("html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write to this file (atomically) instead of stdout")
@click.pass_context
def render(ctx: click.Context, report_file: str, fmt: str, output: str | None) -> None:
    """Re-render REPORT_FILE (a JSON report from `mtaudit audit --format json`).

    \b
    Example:
      mtaudit render reports/seed_report.json --format html -o seed_report.html
    """
    import json
    from pathlib import Path

    from mtaudit.cli.common import emit
    from mtaudit.core.errors import InputError, MtauditError
    from mtaudit.core.outputs import check_outputs
    from mtaudit.report import render as render_report
    from mtaudit.report.model import AuditReport

    try:
        check_outputs({"-o/--output": output}, {"the report": report_file})
        try:
            data = json.loads(Path(report_file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {report_file}: {exc}") from None
        except ValueError as exc:
            raise InputError(f"{report_file} is not JSON: {exc}") from None
        except RecursionError:
            raise InputError(f"{report_file} is not an mtaudit report: nested too deeply")\
                from None
        try:
            report = AuditReport.from_dict(data, name=report_file)
        except (ValueError, KeyError, TypeError) as exc:  # checked, so not expected
            raise InputError(f"{report_file} is not an mtaudit report: {exc}") from None
        except RecursionError:
            raise InputError(f"{report_file} is not an mtaudit report: nested too deeply")\
                from None
        emit(render_report(report, fmt, color=output is None), output)
    except MtauditError as exc:
        from mtaudit.cli import error_line

        click.echo(error_line(exc), err=True)
        ctx.exit(2)
