"""Rebuilds the search index."""
import os

BATCH = int(os.environ.get("REINDEX_BATCH", "500"))
