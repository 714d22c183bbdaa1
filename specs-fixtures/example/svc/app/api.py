"""The HTTP API."""
import logging

from fastapi import FastAPI

app = FastAPI()
logging.getLogger("access").addHandler(logging.FileHandler("svc/logs/api_access.log"))


@app.get("/api/health")
def health():
    return {"ok": True}


@app.get("/api/stats")
def stats():
    ...


@app.get("/api/jobs/{job_id}")
def job(job_id: str):
    ...


@app.patch("/api/jobs/{job_id}")
def update_job(job_id: str):
    ...


@app.post("/api/jobs/{job_id}/requeue")
def requeue(job_id: str):
    ...


@app.delete("/api/queues")
def purge_queues():
    ...
