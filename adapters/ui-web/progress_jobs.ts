/**
 * Progress of the long work of one UI session — sealing and opening — as the page sees it while
 * it waits for the answer (docs/UI.md "Progress and Cancel"). The page names each job with a
 * random id of its own (`X-Plico-Job` header, never a URL), asks `/api/progress` for it, and may
 * cancel it (`/api/progress/cancel`). Jobs live only in this session's memory: another session
 * cannot see or cancel them, and they hold no secret — only byte counts.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { UiError } from "./http_errors.ts";

/** The request header naming a job. */
export const JOB_HEADER = "x-plico-job";
/** A job id: 16 to 64 base64url characters (the page sends 22, from 128 random bits). */
const JOB_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Most jobs a session keeps at once (a page runs one at a time; room for a second tab). */
const MAX_JOBS = 8;

/** What a job is doing. */
export type JobPhase = "sealing" | "opening";

/** A job as `/api/progress` reports it. */
export interface JobView {
  readonly phase: JobPhase;
  /** Bytes of the message body done, of `total` (0 of 0 until the work starts). */
  readonly done: number;
  readonly total: number;
}

/** One running job. */
export class Job {
  readonly phase: JobPhase;
  #done = 0;
  #total = 0;
  readonly #cancel = new AbortController();
  readonly #signals: AbortSignal[];

  constructor(phase: JobPhase, request: AbortSignal) {
    this.phase = phase;
    this.#signals = [request, this.#cancel.signal];
  }

  /** Aborts when the page cancels the job or its request goes away. */
  get signal(): AbortSignal {
    return AbortSignal.any(this.#signals);
  }

  /** True once the page cancelled the job or dropped its request. */
  get cancelled(): boolean {
    return this.#signals.some((s) => s.aborted);
  }

  /** Records progress. */
  record(done: number, total: number): void {
    this.#done = done;
    this.#total = total;
  }

  /** Records progress; throws `interrupted` once cancelled, which stops the work there. */
  report(done: number, total: number): void {
    this.record(done, total);
    this.throwIfCancelled();
  }

  /** Throws `interrupted` when the job was cancelled. */
  throwIfCancelled(): void {
    if (this.cancelled) throw new PlicoError("interrupted", "cancelled in the page");
  }

  cancel(): void {
    this.#cancel.abort();
  }

  view(): JobView {
    return { phase: this.phase, done: this.#done, total: this.#total };
  }
}

/** The jobs of one session. */
export class ProgressJobs {
  readonly #jobs = new Map<string, Job>();

  /**
   * Starts a job for a request. `id` is the page's `X-Plico-Job` header: without one the job
   * still runs and can be cancelled by dropping the request, but nobody can follow it.
   */
  start(id: string | null | undefined, phase: JobPhase, request: AbortSignal): {
    job: Job;
    end(): void;
  } {
    const job = new Job(phase, request);
    if (id === null || id === undefined) return { job, end: () => {} };
    if (!JOB_ID.test(id)) throw new UiError("ui.bad_request", "the job id is malformed");
    if (this.#jobs.has(id)) throw new UiError("ui.bad_request", "this job id is in use");
    if (this.#jobs.size >= MAX_JOBS) {
      throw new UiError("ui.bad_request", "too many jobs at once: wait for one to finish");
    }
    this.#jobs.set(id, job);
    return { job, end: () => void this.#jobs.delete(id) };
  }

  /** The job's progress, or null when no such job runs (finished, never started). */
  view(id: string): JobView | null {
    return this.#jobs.get(id)?.view() ?? null;
  }

  /** Cancels the job; false when no such job runs. */
  cancel(id: string): boolean {
    const job = this.#jobs.get(id);
    job?.cancel();
    return job !== undefined;
  }
}
