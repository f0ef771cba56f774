"""Every command `manage.py help` lists loads and answers `--help`: no module in a commands folder
is anything but a command."""

import io

import pytest
from django.core.management import get_commands
from django.core.management import load_command_class


@pytest.mark.parametrize("name", sorted(get_commands()))
def test_every_listed_command_prints_its_help(name):
    app = get_commands()[name]
    parser = load_command_class(app, name).create_parser("manage.py", name)
    out = io.StringIO()

    parser.print_help(out)

    assert f"manage.py {name}" in out.getvalue()


def test_the_projects_own_commands_are_listed():
    assert {"seed_demo", "translit_sr"} <= set(get_commands())
