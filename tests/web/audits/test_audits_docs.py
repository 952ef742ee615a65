"""docs/audits.md matches the code: the commands exist with their options, the register columns
and the origin values are the ones the import and the model use."""

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.web.audits.models import Requirement
from frisat.web.audits.register_io import HEADERS

DOC = (Path(__file__).resolve().parents[3] / "docs" / "audits.md").read_text(encoding="utf-8")


def test_documented_register_commands_exist():
    commands = [shlex.split(line.split("#")[0])[1:] for block in re.findall(r"```bash\n(.*?)```", DOC, flags=re.S)
                for line in block.splitlines() if line.startswith("frisat ")]
    assert {tuple(argv[:2]) for argv in commands} == {("register", "export"), ("register", "import"),
                                                      ("register", "status")}
    for argv in commands:
        result = CliRunner(env={"COLUMNS": "200"}).invoke(app, [*argv[:2], "--help"])
        assert result.exit_code == 0, result.output
        for option in (a for a in argv if a.startswith("--")):
            assert option in result.output, (argv, option)


def test_documented_columns_and_origins():
    section = DOC[DOC.index("### Kolonner"):]
    documented = re.findall(r"^\| ([^|]+?) \| (?:ja|nej) \|", section, flags=re.M)
    assert documented == HEADERS
    origins = ", ".join(str(label) for _, label in Requirement.SourceType.choices)
    assert origins in DOC.replace("\n", " ")
