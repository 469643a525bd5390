"""`hotline check`: what is wrong with this installation, one line per problem, and a non-zero exit."""

from __future__ import annotations

import click
from flask.cli import ScriptInfo

from hotline.infra.settings import SettingsError
from hotline.services.doctor import RULES
from hotline.services.doctor import Finding
from hotline.services.doctor import Rule
from hotline.services.doctor import check_twilio_number
from hotline.services.doctor import run_rules
from hotline.speech.checkup import check_speech_model

ALL_RULES: dict[str, Rule] = {**RULES, "speech": check_speech_model, "twilio_number": check_twilio_number}


def report(findings: list[Finding], verbose: bool) -> int:
    """Print one line per problem (and, verbose, what is fine); return the number of problems."""
    for finding in findings:
        for line in finding.problems:
            click.echo(f"✗ {finding.name()}: {line.text()}")
        if verbose:
            for line in finding.notes:
                click.echo(f"{'✓' if finding.ok else '·'} {finding.name()}: {line.text()}")
    return sum(len(finding.problems) for finding in findings)


@click.command("check")
@click.option("--verbose", "-v", is_flag=True, help="Print what is fine too.")
@click.option("--twilio", "ask_twilio", is_flag=True,
              help="Also ask Twilio's API where it sends the number's calls, texts and call statuses.")
@click.option("--only", multiple=True, type=click.Choice(list(ALL_RULES)),
              help="Check only this part (repeatable), e.g. after fixing it.")
@click.pass_context
def check_command(ctx: click.Context, verbose: bool, ask_twilio: bool, only: tuple[str, ...]) -> None:
    """Check settings, database, Redis and workers, disk, catalogue, calendar, clock and speech model.

    Exits 1 when anything is wrong, so a deploy script can stop before callers find out.
    """
    try:
        app = ctx.ensure_object(ScriptInfo).load_app()
    except SettingsError as exc:
        # The app refuses to start (production without its secrets): that is the first problem to fix.
        click.echo(f"✗ {exc}")
        ctx.exit(1)
    parts = only or [part for part in ALL_RULES if ask_twilio or part != "twilio_number"]
    with app.app_context():
        findings = run_rules(app, [ALL_RULES[part] for part in parts])
    problems = report(findings, verbose)
    if problems:
        click.echo(f"{_counted(problems, 'problem')} in {sum(not f.ok for f in findings)} of "
                   f"{_counted(len(findings), 'part')}: fix {'it' if problems == 1 else 'them'} before the "
                   "hotline takes calls.")
        ctx.exit(1)
    click.echo(f"All {len(findings)} parts are ready." if len(findings) > 1 else "The part checked is ready.")


def _counted(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"
