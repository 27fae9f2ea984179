"""Checks shared by the CLI tests."""

from __future__ import annotations


def assert_one_line_error(result, *needles: str) -> str:
    """A click ``Result`` of a refused command: exit 2, no traceback, one ``mtaudit: error:``
    line holding every needle (case-insensitive); the line."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("mtaudit: error: ")
    for n in needles:
        assert n.lower() in lines[0].lower(), lines[0]
    return lines[0]
