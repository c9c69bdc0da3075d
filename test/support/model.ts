import { loadWorkspace, type LoadOptions } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import type { Workspace } from '../../src/model/types.js';
import type { Diagnostic } from '../../src/diagnostic.js';

/** Builds a workspace from inline files (path → text). */
export function modelOf(files: Record<string, string>, options: LoadOptions = {}): Promise<Workspace> {
  return loadWorkspace(memorySource(files), '.', options);
}

/** A one-file workspace. */
export function modelOfText(text: string, options: LoadOptions = {}): Promise<Workspace> {
  return modelOf({ 'model.sruja': text }, options);
}

export function codes(ws: Workspace, severity?: Diagnostic['severity']): string[] {
  return ws.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export function diagnosticsWith(ws: Workspace, code: string): Diagnostic[] {
  return ws.diagnostics.filter((d) => d.code === code);
}

/** The model without source positions, for comparing models written differently. */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (value instanceof Map) return withoutLocations(Object.fromEntries(value));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'location' || k === 'nameLocation' || k === 'file' || v === undefined) continue;
      out[k] = withoutLocations(v);
    }
    return out;
  }
  return value;
}
