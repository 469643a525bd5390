"""Pure domain rules: phone numbers, vessel numbers, working days and codes."""
