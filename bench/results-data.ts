/**
 * The measurements behind bench/RESULTS.md, kept inside it (an HTML comment at the end) so that a
 * partial run (`--only`, `--sizes`) replaces only the rows it measured and keeps everyone else's:
 * RESULTS.md is committed, bench/.work is not, so the file itself is the only shared record.
 * Each row remembers which run measured it (date, command, load average).
 */
import type { Measurement } from './run.js';

export interface RunInfo {
  date: string;
  command: string;
  loadBefore: number[];
  loadAfter: number[];
}

export type StoredMeasurement = Omit<Measurement, 'runsMs' | 'cpuRunsMs'> & { runsMs: number[]; run: number };

export interface StoredResults {
  version: 1;
  runs: RunInfo[];
  measurements: StoredMeasurement[];
}

const START = '<!-- bench-data ';
const END = ' -->';

/** The stored measurements of a RESULTS.md, or undefined when it has none (or they do not read). */
export function readStored(markdown: string): StoredResults | undefined {
  const at = markdown.lastIndexOf(START);
  if (at < 0) return undefined;
  const end = markdown.indexOf(END, at + START.length);
  if (end < 0) return undefined;
  try {
    const data = JSON.parse(markdown.slice(at + START.length, end)) as StoredResults;
    return data.version === 1 && Array.isArray(data.runs) && Array.isArray(data.measurements) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The comment that carries `data`; JSON cannot end the comment early (`-->` is escaped). */
export function storedBlock(data: StoredResults): string {
  return `${START}${JSON.stringify(data).replace(/-->/g, '--\\u003e')}${END}`;
}

/** A row's identity: a new measurement of the same stage, series and case replaces the old one. */
function rowKey(m: Pick<Measurement, 'stage' | 'series' | 'case'>): string {
  return `${m.stage}\u0000${m.series ?? ''}\u0000${m.case}`;
}

/**
 * `fresh` (measured by `run`) over `previous`: rows of the same stage, series and case are
 * replaced, all others kept with the run that measured them; runs no row refers to are dropped.
 * Timed samples are kept only as their count (runsMs holds the median once) to keep the file small.
 */
export function mergeResults(previous: StoredResults | undefined, run: RunInfo, fresh: Measurement[]): StoredResults {
  const replaced = new Set(fresh.map(rowKey));
  // A stage that ran again also clears its earlier whole-stage failure (the row named 'stage').
  const rerun = new Set(fresh.map((m) => m.stage));
  const kept = (previous?.measurements ?? []).filter((m) => !replaced.has(rowKey(m)) && !(m.case === 'stage' && rerun.has(m.stage)));
  const runs: RunInfo[] = [];
  const renumber = new Map<number, number>();
  const runIndex = (old: number, info: RunInfo | undefined): number => {
    let i = renumber.get(old);
    if (i === undefined) {
      i = runs.length;
      renumber.set(old, i);
      runs.push(info ?? run);
    }
    return i;
  };
  const measurements: StoredMeasurement[] = [];
  for (const m of kept) measurements.push({ ...m, run: runIndex(m.run, previous?.runs[m.run]) });
  const current = -1;
  for (const m of fresh) {
    const { runsMs, cpuRunsMs: _cpu, ...rest } = m;
    const summary = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as typeof rest;
    measurements.push({ ...summary, runsMs: runsMs.length > 0 && m.medianMs !== undefined ? Array(runsMs.length).fill(round(m.medianMs)) : [], run: runIndex(current, run) });
  }
  return { version: 1, runs, measurements };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
