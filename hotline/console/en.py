"""English for the console's Vietnamese UI strings; a string missing here is shown in Vietnamese."""

ENGLISH: dict[str, str] = {
    "Tổng đài tàu cá": "Fishing-vessel hotline",
    "Đăng nhập": "Log in",
    "Đăng xuất": "Log out",
}
