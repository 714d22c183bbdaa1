"""The worker: picks jobs off the queue and runs them."""
import json
import logging
import os
from logging.handlers import RotatingFileHandler

LOG_DIR = "svc/logs"
MAX_RETRIES = int(os.environ.get("QUEUE_MAX_RETRIES", "3"))
CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", "4"))
DEAD_LETTER_TTL = int(os.environ.get("DEAD_LETTER_TTL_HOURS", "72"))

log = logging.getLogger("worker")
log.addHandler(RotatingFileHandler(f"{LOG_DIR}/worker.log", maxBytes=10 * 2**20, backupCount=5))
audit = logging.getLogger("audit")
audit.addHandler(logging.FileHandler(f"{LOG_DIR}/audit.log"))


def run(job):
    with open(f"{LOG_DIR}/job_{job.id}.log", "w") as out:
        job.run(out)
    with open(f"{LOG_DIR}/metrics.jsonl", "a") as metrics:
        metrics.write(json.dumps({"job": job.id, "status": job.status}) + "\n")


def alert(event):
    with open(f"{LOG_DIR}/alerts.jsonl", "a") as alerts:
        alerts.write(json.dumps(event) + "\n")
