#!/bin/sh
# Nightly snapshot.
set -eu
aws s3 sync svc/data "s3://${SNAPSHOT_BUCKET}/$(date +%F)/"
