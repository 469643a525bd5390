"""Tàu cá hotline."""
