"""Every `frisat …` command in docs/web.md exists and knows the options it is shown with."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frisat.cli.main import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def documented_commands():
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#")[0].strip()
            if line.startswith("frisat "):
                commands.append(shlex.split(line)[1:])
    return commands


@pytest.mark.parametrize("argv", documented_commands(), ids=" ".join)
def test_documented_command_exists(argv):
    path = [a for a in argv[:2] if not a.startswith("-") and not a[0].isdigit() and "." not in a]
    if len(path) == 2 and path[0] not in {"org", "round", "respondents", "links"}:
        path = path[:1]
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for option in (a for a in argv if a.startswith("--")):
        assert option in result.output, (argv, option)


def test_docs_cover_every_staff_command():
    shown = {" ".join(a[:2]) if a[0] in {"org", "round", "respondents", "links"} else a[0]
             for a in documented_commands()}
    assert {"org import", "round create", "round list", "round status", "respondents import", "links export",
            "invite", "export"} <= shown
