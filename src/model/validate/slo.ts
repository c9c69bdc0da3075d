import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Element, Workspace } from '../types.js';

const PERCENT = /^\d+(\.\d+)?%$/;
const DURATION = /^\d+(\.\d+)?(ms|s|m|h)$/;
const WINDOW = /^\d+ (day|days|hour|hours|week|weeks|month|months)$/;
const THROUGHPUT = /^\d+(\.\d+)?( ?req)?\/s$/;

/** E303, the SLO format checks of `sruja lint` (errors for values, warnings for windows). */
export function sloDiagnostics(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of ws.elements.values()) {
    const entries = Object.entries(e.slo);
    if (entries.length === 0) continue;
    for (const [key, value] of entries) {
      if (typeof value !== 'string') continue;
      const [group, field, sub] = key.split('.');
      const leaf = sub ?? field;
      if ((group === 'availability' || group === 'errorRate') && (leaf === 'target' || leaf === 'current') && !PERCENT.test(value)) {
        out.push(error(e, key, `${group} ${leaf} '${value}' of '${e.fqn}' must be a percentage such as '99.9%'`));
      } else if (group === 'latency' && (leaf === 'p95' || leaf === 'p99') && !DURATION.test(value)) {
        out.push(error(e, key, `latency ${leaf} '${value}' of '${e.fqn}' must be a duration such as '200ms', '1s', '5m' or '1h'`));
      } else if (leaf === 'window' && group !== 'cost' && !WINDOW.test(value)) {
        out.push(warning(e, key, `SLO window '${value}' of '${e.fqn}' should read like '7 days' or '30 days'`));
      } else if (group === 'throughput' && (leaf === 'target' || leaf === 'current') && !THROUGHPUT.test(value)) {
        out.push(warning(e, key, `throughput ${leaf} '${value}' of '${e.fqn}' should read like '1000 req/s' or '1000/s'`));
      }
    }
  }
  return out;
}

function error(e: Element, key: string, message: string): Diagnostic {
  return diagnostic('E303', { elements: [e.fqn], words: ['slo', key] }, { message, location: e.nameLocation });
}

function warning(e: Element, key: string, message: string): Diagnostic {
  return diagnostic('E303', { elements: [e.fqn], words: ['slo', key] }, { severity: 'warning', message, location: e.nameLocation });
}
