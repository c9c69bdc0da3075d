import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Element, Workspace } from '../types.js';

/** Higher layers first; Sruja matches these as substrings of the lower-cased FQN. */
const LAYERS = ['web', 'api', 'service', 'data', 'database'];

/**
 * E206 (error, opt-in): Sruja's layer heuristic. A source in a lower layer may not depend on a
 * target in a higher one. The layer is `metadata { layer "..." }` or the first layer word in
 * the FQN. Off by default because names decide it (`DataPlatform.UI` is "data").
 */
export function layerViolations(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of ws.relationships) {
    const s = r.source.fqn ? ws.elements.get(r.source.fqn) : undefined;
    const t = r.target.fqn ? ws.elements.get(r.target.fqn) : undefined;
    if (!s || !t) continue;
    const ls = layerOf(s);
    const lt = layerOf(t);
    if (ls === undefined || lt === undefined || LAYERS.indexOf(ls) <= LAYERS.indexOf(lt)) continue;
    out.push(
      diagnostic('E206', { elements: [s.fqn, t.fqn] }, {
        message: `layer violation: '${s.fqn}' (${ls}) depends on '${t.fqn}' (${lt}); dependencies must flow from higher to lower layers`,
        location: r.location,
      }),
    );
  }
  return out;
}

function layerOf(e: Element): string | undefined {
  const declared = e.metadata.layer;
  if (typeof declared === 'string') return declared.toLowerCase();
  const fqn = e.fqn.toLowerCase();
  return LAYERS.find((l) => fqn.includes(l));
}
