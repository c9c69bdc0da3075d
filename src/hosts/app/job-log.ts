/**
 * The one structured log line each job writes when it ends: what it reviewed, how it ended,
 * how long it waited and ran, and how deep the queue was. Probot's logger (pino) prints it as
 * one JSON object with LOG_FORMAT=json.
 */
import type { DeliveryOutcome } from './reviewer.js';

export interface JobLine {
  delivery: string;
  event: string;
  repository?: string;
  pulls: number[];
  /** done: reviewed; redelivery: already received; retry: left to a later attempt; failed: for good. */
  outcome: 'done' | 'redelivery' | 'retry' | 'failed' | 'ignored';
  reviews: Array<{ head: string; lane: string; conclusion?: string; check?: string; comment?: string; ok?: boolean; reason?: string }>;
  attempt?: number;
  waitMs?: number;
  runMs: number;
  queue?: Record<string, number>;
  reason?: string;
}

export type JobLogger = (line: JobLine) => void;

export function reviewsOf(outcome: DeliveryOutcome | undefined): JobLine['reviews'] {
  return (outcome?.jobs ?? []).map(({ job, lane, result }) => ({
    head: (result?.headSha ?? job.headSha).slice(0, 12),
    lane,
    ...(result?.conclusion ? { conclusion: result.conclusion } : {}),
    ...(result ? { check: result.check, comment: result.comment, ok: result.ok } : {}),
    ...(result?.reason ? { reason: result.reason } : {}),
  }));
}

export function pullsOf(payload: Record<string, any>): number[] {
  const numbers = new Set<number>();
  if (typeof payload.pull_request?.number === 'number') numbers.add(payload.pull_request.number);
  for (const p of [...(payload.check_run?.pull_requests ?? []), ...(payload.check_suite?.pull_requests ?? [])]) if (typeof p?.number === 'number') numbers.add(p.number);
  return [...numbers];
}

export function repositoryOf(payload: Record<string, any>): string | undefined {
  const r = payload.repository;
  return typeof r?.full_name === 'string' ? r.full_name : undefined;
}
