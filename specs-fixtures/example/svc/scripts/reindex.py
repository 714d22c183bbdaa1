"""Rebuilds the search index."""
