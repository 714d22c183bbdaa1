"""Purges dead letters."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--older-than", default="30d")
