#!/bin/sh
# Nightly snapshot.
