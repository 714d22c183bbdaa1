"""Purges dead letters."""
