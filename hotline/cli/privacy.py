"""`hotline privacy`: people's requests about their personal data (SPEC §11)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from hotline.cli.privacy_requests import erase_command
from hotline.cli.privacy_requests import export_command


@click.group("privacy", cls=AppGroup)
def privacy_group() -> None:
    """Personal data: export or erase what is held about a phone number."""


privacy_group.add_command(export_command)
privacy_group.add_command(erase_command)
