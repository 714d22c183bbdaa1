import { parentPort, workerData } from 'node:worker_threads';
import { Checker, type CheckDocumentsOptions } from '../core/check-documents.js';
import type { SourceDocument } from '../types.js';
import type { Job, JobResult } from './pool.js';

/** A worker thread of the outcome pool: the same pure per-spec step, on another core. */
const { runbook, options } = workerData as { runbook: readonly SourceDocument[]; options: CheckDocumentsOptions };
const checker = new Checker(runbook, options);

parentPort!.on('message', (job: Job) => {
  const result: JobResult = { id: job.id, outcomes: job.docs.map((doc) => checker.outcomeOf(doc)!) };
  parentPort!.postMessage(result);
});
