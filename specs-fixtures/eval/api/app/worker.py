import logging, os
CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", "2"))
logging.basicConfig(filename="logs/worker.log")
QUEUE_EVENTS = "logs/queue.jsonl"
