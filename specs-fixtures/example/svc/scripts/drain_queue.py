"""Drains the job queue."""
