import { describe, expect, it } from 'vitest';
import { canonicalKind, kindLevel, sameKind } from '../../src/diff/kind-aliases.js';
import { MATCH_THRESHOLD, normalizeName, scoreMatch, type ElementFacts } from '../../src/diff/match-score.js';
import { matchNamed, type NamedFacts } from '../../src/diff/match-named.js';
import type { Element } from '../../src/model/types.js';

const at = { file: 'a.sruja', line: 1, column: 1, endLine: 1, endColumn: 1 };

function el(name: string, kind: string, extra: Partial<Element> = {}): Element {
  return { fqn: name, name, kind, tags: [], metadata: {}, styles: {}, slo: {}, scale: {}, fields: {}, file: 'a.sruja', location: at, nameLocation: at, ...extra };
}

function facts(e: Element, extra: Partial<Omit<ElementFacts, 'element'>> = {}): ElementFacts {
  return { element: e, ends: new Set(), labels: new Set(), children: new Set(), references: new Set(), ...extra };
}

describe('the element scorer', () => {
  it('compares names without case and separators', () => {
    expect(normalizeName('Web_App')).toBe(normalizeName('webApp'));
    expect(normalizeName('web-app')).toBe('webapp');
    expect(normalizeName('WebApp')).not.toBe(normalizeName('WebApi'));
  });

  it('reads era spellings of a kind as one kind, and knows C4 levels', () => {
    expect(sameKind('datastore', 'database')).toBe(true);
    expect(canonicalKind('Datastore')).toBe('database');
    expect(sameKind('container', 'database')).toBe(false);
    expect(kindLevel('datastore')).toBe('data');
    expect(kindLevel('queue')).toBe('data');
    expect(kindLevel('microservice')).toBeUndefined();
  });

  it('the threshold is one half', () => {
    expect(MATCH_THRESHOLD).toBe(0.5);
  });

  it('relationships whose other ends follow make a match, even across a kind change', () => {
    const b = facts(el('BillingAPI', 'component'), { ends: new Set(['<-clerk', '->billing.ledger']) });
    const h = facts(el('Invoicing', 'container'), { ends: new Set(['<-clerk', '->billing.ledger']) });
    const s = scoreMatch(b, h);
    expect(s.same).toBe(true);
    expect(s.evidence.find((e) => e.name === 'relationships')!.agreement).toBe(1);
    expect(s.evidence.find((e) => e.name === 'kind')!.agreement).toBe(0);
  });

  it('children that follow make a match', () => {
    const kids = new Set(['web', 'api', 'db']);
    expect(scoreMatch(facts(el('Shop', 'system'), { children: kids }), facts(el('Store', 'system'), { children: new Set(kids) })).same).toBe(true);
    expect(scoreMatch(facts(el('Shop', 'system'), { children: kids }), facts(el('Store', 'system'), { children: new Set(['x', 'y', 'z']) })).same).toBe(false);
  });

  it('views and steps naming it make a match', () => {
    const refs = new Set(['view:orders', 'step:checkout:2']);
    const s = scoreMatch(facts(el('API', 'container'), { references: refs }), facts(el('Gateway', 'container'), { references: new Set(refs) }));
    expect(s.same).toBe(true);
  });

  it('a title and a description that agree make a match when nothing refers to either', () => {
    const b = el('R1', 'requirement', { title: 'Checkout within 300 ms', description: 'p95' });
    const h = el('REQ12', 'requirement', { title: 'Checkout within 300 ms', description: 'p95' });
    expect(scoreMatch(facts(b), facts(h)).same).toBe(true);
  });

  it('a title that only repeats the name is not evidence', () => {
    const s = scoreMatch(facts(el('Api', 'container', { title: 'API' })), facts(el('Gateway', 'container', { title: 'Gateway' })));
    expect(s.evidence.some((e) => e.name === 'title')).toBe(false);
    expect(s.same).toBe(false);
    expect(s.refusal).toBe('no identifying evidence');
  });

  it('technology, tags, metadata and kind alone never make a match', () => {
    const b = el('Cache', 'database', { technology: 'Redis', tags: ['fast'], metadata: { owner: 'ops' } });
    const h = el('Sessions', 'database', { technology: 'Redis', tags: ['fast'], metadata: { owner: 'ops' } });
    const s = scoreMatch(facts(b), facts(h));
    expect(s.score).toBeGreaterThan(MATCH_THRESHOLD);
    expect(s.same).toBe(false);
    expect(s.refusal).toBe('no identifying evidence');
  });

  it('a title is not enough when the references vanished with the old element (#19 point 2)', () => {
    const b = facts(el('Payments', 'system', { title: 'Payments service', technology: 'Stripe' }), { ends: new Set(['<-shop.api']) });
    const h = facts(el('Billing', 'system', { title: 'Payments service', technology: 'Stripe' }));
    const s = scoreMatch(b, h);
    expect(s.same).toBe(false);
    expect(s.refusal).toBe('references vanished');
    // And the same the other way round, so diff(head, base) mirrors diff(base, head).
    expect(scoreMatch(h, b).refusal).toBe('references vanished');
  });

  it('labels of relationships are evidence', () => {
    const b = facts(el('Orders', 'queue'), { ends: new Set(['<-api']), labels: new Set(['<-publishes orderplaced']) });
    const h = facts(el('Events', 'queue'), { ends: new Set(['<-api']), labels: new Set(['<-publishes orderplaced']) });
    const s = scoreMatch(b, h);
    expect(s.evidence.find((e) => e.name === 'labels')!.agreement).toBe(1);
    expect(s.same).toBe(true);
  });

  it('disagreeing content keeps a pair below the threshold', () => {
    const b = facts(el('API', 'container', { title: 'Orders API', description: 'public', technology: 'Go' }), { ends: new Set(['<-web', '->db', '->queue']) });
    const h = facts(el('Gateway', 'queue', { title: 'Edge', description: 'internal', technology: 'Kafka' }), { ends: new Set(['<-web', '->cache', '->log']) });
    const s = scoreMatch(b, h);
    expect(s.score).toBeLessThan(MATCH_THRESHOLD);
    expect(s.same).toBe(false);
  });
});

describe('scenario, flow and view pairing (matchNamed)', () => {
  const named = (fqn: string, contents: string[] = []): NamedFacts => {
    const dot = fqn.lastIndexOf('.');
    return { family: 'scenario', name: fqn.slice(dot + 1), place: dot < 0 ? '' : fqn.slice(0, dot), contents };
  };
  const pairs = (base: string[], head: string[]) => {
    const side = (names: string[]) => new Map(names.map((n) => [n, named(n)]));
    return [...matchNamed(side(base), side(head), (f) => f, (f) => f)];
  };

  it('moves a scenario only when one item on each side has the name, so diff(b, a) mirrors diff(a, b)', () => {
    // One base Month and two head ones elsewhere: which one it became is not known, and the
    // reverse (two base, one head) must not pair either.
    expect(pairs(['Month'], ['Billing.Month', 'Billing.Month.Month'])).toEqual([]);
    expect(pairs(['Billing.Month', 'Billing.Month.Month'], ['Month'])).toEqual([]);
    expect(pairs(['Month'], ['Billing.month'])).toEqual([['Month', 'Billing.month']]);
    expect(pairs(['Billing.month'], ['Month'])).toEqual([['Billing.month', 'Month']]);
  });
});
