/** deployment.added / removed / changed, by node path. */
import type { DeploymentNode } from '../../model/types.js';
import type { Change, FieldChange } from '../change.js';
import { makeChange, referenceText, sameReference, unmatched, type DiffContext } from '../context.js';
import { compareField, compareProperties, sortedList } from '../fields.js';
import { unknownPropertyChange } from './governance-changes.js';

export function deploymentChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const base = ctx.base.ws.deployment;
  const head = ctx.head.ws.deployment;
  for (const [path, h] of head) {
    const b = base.get(path);
    if (!b) {
      if (h.parent && !base.has(h.parent) && head.has(h.parent)) continue; // reported with its parent
      out.push(
        makeChange(ctx, {
          kind: 'deployment.added',
          severity: 'safe',
          reason: 'adding a deployment node changes no running system by itself',
          message: `Deployment ${h.keyword} ${path} added`,
          subject: { name: path, ...(h.title ? { title: h.title } : {}) },
          location: { head: h.location },
        }),
      );
      continue;
    }
    const unknown = unknownPropertyChange(ctx, `deployment ${path}`, { name: path }, b.unknown, h.unknown, { base: b.location, head: h.location });
    if (unknown) out.push(unknown);
    const fields = deploymentFields(ctx, b, h);
    if (fields.length === 0) continue;
    out.push(
      makeChange(ctx, {
        kind: 'deployment.changed',
        severity: 'safe',
        reason: 'deployment details changed',
        message: `Deployment ${h.keyword} ${path} changed: ${fields.map((f) => f.path).join(', ')}`,
        subject: { name: path },
        fields,
        location: { base: b.location, head: h.location },
      }),
    );
  }
  for (const [path, b] of base) {
    if (head.has(path) || (b.parent && !head.has(b.parent) && base.has(b.parent))) continue;
    out.push(
      makeChange(ctx, {
        kind: 'deployment.removed',
        severity: 'safe',
        reason: 'removing a deployment node from the model changes no running system by itself',
        message: `Deployment ${b.keyword} ${path} removed`,
        subject: { name: path, ...(b.title ? { title: b.title } : {}) },
        location: { base: b.location },
      }),
    );
  }
  return out;
}

function deploymentFields(ctx: DiffContext, b: DeploymentNode, h: DeploymentNode): FieldChange[] {
  const fields: FieldChange[] = [];
  compareField(fields, 'keyword', b.keyword, h.keyword);
  compareField(fields, 'title', b.title, h.title);
  compareField(fields, 'description', b.description, h.description);
  compareField(fields, 'technology', b.technology, h.technology);
  compareField(fields, 'tags', b.tags.length ? b.tags : undefined, h.tags.length ? h.tags : undefined);
  compareProperties(fields, 'properties', b.properties, h.properties);
  const rest = unmatched(b.instances, h.instances, (x, y) => sameReference(ctx, x, y));
  if (rest.base.length > 0 || rest.head.length > 0) {
    const before = sortedList(b.instances.map((i) => referenceText(i)));
    const after = sortedList(h.instances.map((i) => referenceText(i)));
    compareField(fields, 'instances', before.length ? before : undefined, after.length ? after : undefined);
  }
  return fields;
}
