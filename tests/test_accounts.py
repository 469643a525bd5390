"""Console accounts: one username rule for every way an account is made (CLI, console form, demo seed)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.cli.seed import DEMO_USERS
from hotline.models import Role
from hotline.models import User
from hotline.services.accounts import BAD_USERNAME
from hotline.services.accounts import TAKEN_USERNAME
from hotline.services.accounts import AccountError
from hotline.services.accounts import clean_username
from hotline.services.accounts import new_account
from hotline.services.accounts import save_account
from hotline.services.accounts import verify_password
from hotline.web.english import ENGLISH
from tests.factories import make_user


@pytest.mark.parametrize(("given", "stored"), [
    ("lan", "lan"), ("  Admin ", "admin"), ("Nguyen.Van-A_2", "nguyen.van-a_2"), ("b2", "b2"), ("x" * 60, "x" * 60),
    *[(username, username) for username, _role, _name in DEMO_USERS],
])
def test_a_username_is_stored_trimmed_and_lower_case(given: str, stored: str) -> None:
    assert clean_username(given) == stored


@pytest.mark.parametrize("given", [
    "", "a", "buu-ta/ly-son", "../etc", "..", "-lead", ".hidden", "_x", "nguyễn", "lan anh", "x" * 61, "lan\nanh",
    "a\\b", "lan%2f", "ＡＢＣ",
])
def test_a_username_outside_the_rule_is_refused_with_a_message(given: str) -> None:
    with pytest.raises(AccountError) as refused:
        clean_username(given)
    assert "2–60 ký tự" in str(refused.value)


def test_save_account_lower_cases_and_updates_the_account_of_that_name(session: Session) -> None:
    first = save_account(session, " Lan ", "mật khẩu dài", Role.OPERATOR)
    again = save_account(session, "LAN", "một mật khẩu khác", Role.SUPERVISOR)
    assert first is again and again.username == "lan" and again.role is Role.SUPERVISOR
    assert session.scalars(select(User.username)).all() == ["lan"]


def test_an_old_account_outside_the_rule_can_still_be_reset_but_not_made_again(session: Session) -> None:
    old = make_user(session, Role.COURIER, username="Bưu tá/1")
    reset = save_account(session, "Bưu tá/1", "mật khẩu mới dài", Role.COURIER)
    assert reset is old and verify_password(reset.password_hash, "mật khẩu mới dài")
    with pytest.raises(AccountError):
        save_account(session, "Bưu tá/2", "mật khẩu mới dài", Role.COURIER)


def test_new_account_refuses_a_taken_name_whatever_its_case(session: Session) -> None:
    account, password = new_account(session, "Lan", Role.OPERATOR, " Lê Thị Lan ")
    assert (account.username, account.full_name) == ("lan", "Lê Thị Lan")
    assert verify_password(account.password_hash, password)
    with pytest.raises(AccountError) as taken:
        new_account(session, " LAN", Role.ADMIN)
    assert str(taken.value) == "Tên đăng nhập lan đã có."
    assert session.scalars(select(User.username)).all() == ["lan"]


def test_every_refusal_reads_in_english_too() -> None:
    assert "{username}" in ENGLISH[TAKEN_USERNAME] and ENGLISH[BAD_USERNAME].startswith("A username must be")
