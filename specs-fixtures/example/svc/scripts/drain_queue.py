"""Drains the job queue."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--dry-run", action="store_true", help="show what would be drained")
parser.add_argument("--only-failed", action="store_true", help="retry failed jobs only")
