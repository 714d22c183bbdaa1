#!/bin/sh
# Serves the public API.
exec uvicorn svc.app.api:app --port "${PORT:-9000}"
