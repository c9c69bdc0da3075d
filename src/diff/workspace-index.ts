/**
 * Lookups the diff needs many times: children of an element, relationships by endpoint, what
 * views and steps use an element. Built once per workspace, linear in its size.
 */
import type { Element, Relationship, Scenario, Step, View, Workspace } from '../model/types.js';
import { viewContents, viewShows } from '../model/view-contents.js';

export interface StepUse {
  scenario: Scenario;
  step: Step;
  index: number;
}

export class WorkspaceIndex {
  readonly children = new Map<string, Element[]>();
  readonly outgoing = new Map<string, Relationship[]>();
  readonly incoming = new Map<string, Relationship[]>();
  readonly stepsByElement = new Map<string, StepUse[]>();

  constructor(readonly ws: Workspace) {
    for (const e of ws.elements.values()) {
      if (e.parent === undefined) continue;
      push(this.children, e.parent, e);
    }
    for (const r of ws.relationships) {
      if (r.source.fqn) push(this.outgoing, r.source.fqn, r);
      if (r.target.fqn) push(this.incoming, r.target.fqn, r);
    }
    for (const scenario of ws.scenarios.values()) {
      scenario.steps.forEach((step, index) => {
        const use = { scenario, step, index };
        if (step.source.fqn) push(this.stepsByElement, step.source.fqn, use);
        if (step.target.fqn && step.target.fqn !== step.source.fqn) push(this.stepsByElement, step.target.fqn, use);
      });
    }
  }

  private fileSet?: Set<string>;

  /** Whether the workspace has the file (a set: removals anchored per file were files × removals). */
  hasFile(file: string): boolean {
    this.fileSet ??= new Set(this.ws.files);
    return this.fileSet.has(file);
  }

  childNames(fqn: string): string | undefined {
    const list = this.children.get(fqn);
    return list ? list.map((e) => e.name).sort().join(',') : undefined;
  }

  /** What each view shows, computed once per view when first asked. */
  private readonly contents = new Map<View, Set<string>>();

  /** Views that show the element (see model/view-contents.ts), or are scoped to it. */
  viewsShowing(fqn: string): View[] {
    const out: View[] = [];
    for (const view of this.ws.views.values()) {
      let shown = this.contents.get(view);
      if (!shown) this.contents.set(view, (shown = viewContents(this.ws, view)));
      if (viewShows(this.ws, view, fqn, shown)) out.push(view);
    }
    return out;
  }

  /** Views whose rules or `of` name the element itself. */
  viewsNaming(fqn: string): View[] {
    const out: View[] = [];
    for (const view of this.ws.views.values()) {
      if (view.of?.fqn === fqn || view.rules.some((r) => r.expression.type === 'element' && r.expression.fqn === fqn)) {
        out.push(view);
      }
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
