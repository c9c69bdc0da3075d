import type { Diagnostic } from '../../diagnostic.js';
import type { Workspace } from '../types.js';
import { bestPracticeWarnings } from './best-practices.js';
import { cycleInfos } from './cycles.js';
import { undeclaredKindWarnings } from './kinds.js';
import { layerViolations } from './layers.js';
import { orphanWarnings } from './orphans.js';
import { sloDiagnostics } from './slo.js';

export interface ValidationOptions {
  /** E206, Sruja's substring heuristic for layers: off unless a team asks for it. */
  layerRule?: boolean;
}

/** Every rule reads the built model and returns diagnostics; none throws or mutates. */
export function runValidation(ws: Workspace, options: ValidationOptions): Diagnostic[] {
  return [
    ...cycleInfos(ws),
    ...orphanWarnings(ws),
    ...sloDiagnostics(ws),
    ...bestPracticeWarnings(ws),
    ...undeclaredKindWarnings(ws),
    ...(options.layerRule ? layerViolations(ws) : []),
  ];
}
