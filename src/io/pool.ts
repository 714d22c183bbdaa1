import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckDocumentsOptions } from '../core/check-documents.js';
import type { SpecOutcome } from '../core/outcome.js';
import type { SourceDocument } from '../types.js';

export interface Job {
  id: number;
  docs: SourceDocument[];
}

export interface JobResult {
  id: number;
  outcomes: SpecOutcome[];
}

/**
 * A worker holds one runbook and a job at a time: a small heap keeps the whole run's memory
 * near the single-threaded run's. Running out only ends the worker; its jobs fall back.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/** Jobs queued per worker: one running, one waiting, so a worker never idles between them. */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (outcomes: SpecOutcome[]) => void; reject: (error: Error) => void }>;
  failed?: Error;
}

/**
 * Worker threads that compute spec outcomes with their own Checker on the same runbook and
 * options. Outcomes are plain data, so the caller merges them in path order exactly as if it
 * had computed them itself.
 */
export class OutcomePool {
  private readonly slots: Slot[];
  private nextId = 0;

  private constructor(
    workerFile: string,
    count: number,
    runbook: readonly SourceDocument[],
    options: CheckDocumentsOptions,
  ) {
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = {
        worker: new Worker(workerFile, { workerData: { runbook, options }, resourceLimits: WORKER_LIMITS }),
        pending: new Map(),
      };
      slot.worker.on('message', (result: JobResult) => {
        const job = slot.pending.get(result.id);
        slot.pending.delete(result.id);
        job?.resolve(result.outcomes);
      });
      const fail = (error: Error): void => {
        slot.failed = error;
        for (const job of slot.pending.values()) job.reject(error);
        slot.pending.clear();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
      return slot;
    });
  }

  /**
   * `count` workers, or undefined when they cannot be had: no compiled worker file next to this
   * module (running from TypeScript sources), or no threads at all.
   */
  static open(
    count: number,
    runbook: readonly SourceDocument[],
    options: CheckDocumentsOptions,
  ): OutcomePool | undefined {
    const workerFile = fileURLToPath(new URL('./outcome-worker.js', import.meta.url));
    if (count < 1 || !existsSync(workerFile)) return undefined;
    try {
      return new OutcomePool(workerFile, count, runbook, options);
    } catch {
      return undefined;
    }
  }

  /** A worker with room for another job, or undefined when all are busy. */
  private free(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.failed || slot.pending.size >= IN_FLIGHT) continue;
      if (!best || slot.pending.size < best.pending.size) best = slot;
    }
    return best;
  }

  /** Hands `docs` to a free worker; undefined when every worker is busy (the caller does the job). */
  trySubmit(docs: SourceDocument[]): Promise<SpecOutcome[]> | undefined {
    const slot = this.free();
    if (!slot) return undefined;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, docs } satisfies Job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
