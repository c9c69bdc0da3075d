/** Elements (grammar.js "Elements"): declarations in every era, their bodies, scenarios, stories, flows and their steps. */
import type { SourceLocation } from '../../diagnostic.js';
import { child, children, eachChild, sameNode, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Element, Properties, Scenario, Step } from '../types.js';
import { deploymentNode } from './deployment.js';
import { contracts, ruleBlock } from './governance.js';
import { COMPATIBILITY_CODE, KEYWORD_FIRST_KINDS, legacyNote, SCENARIO_KINDS } from './legacy.js';
import { identifierFromTitle, addTags, shared, sortedTags, unknown } from './properties.js';
import { relation, relationLabel, relationTags } from './relations.js';
import { styleBlock } from './views.js';
import type { DocumentReader } from './reader.js';

export function element(r: DocumentReader, node: SyntaxNode, parentFqn: string | undefined, unknownInto?: () => Properties): void {
  const kids = node.children;
  const nameNode = child(kids, 'name');
  const kindNode = child(kids, 'kind');
  if (!kindNode || kindNode.missing || nameNode?.missing) return;
  let kind = r.values.word(kindNode);
  const keywordFirst = sameNode(kids[0], kindNode);
  // `layer Presentation`, `depends_on Cache`, `library L "..." { }`: not an element in any era.
  if (keywordFirst && nameNode && !KEYWORD_FIRST_KINDS.has(kind) && r.inModel === 0) {
    unknown(r, node, unknownInto ?? r.out.unknown);
    return;
  }
  const titleNode = child(kids, 'title');
  const title = titleNode ? r.values.string(titleNode) : undefined;
  let name: string;
  if (nameNode) {
    name = r.values.raw(nameNode);
    if (keywordFirst && r.out.syntax === 'flat') r.out.syntax = 'keyword-first';
    if (keywordFirst) {
      r.note(node, `keyword-first declarations (\`${kind} ${name} "..."\`)`, `write \`${name} = ${kind} "..."\``, COMPATIBILITY_CODE, 'keyword-first');
    }
  } else {
    name = identifierFromTitle(title ?? kind);
    r.note(node, `declarations without an ID (\`${kind} "..."\`)`, `write \`${name} = ${kind} "..."\``, COMPATIBILITY_CODE, 'anonymous');
  }
  const fqn = parentFqn ? `${parentFqn}.${name}` : name;
  const descriptionNode = child(kids, 'description');
  const subkindNode = child(kids, 'subkind');
  const location = r.lines.location(node);
  const nameLocation = r.lines.location(nameNode ?? titleNode ?? kindNode);

  if (kind === 'dynamic') {
    // `dynamic Checkout "..." { A -> B "x" order "1" }` (2025-11-27): today a scenario.
    r.note(node, '`dynamic` views (before 2025-12-08)', `write \`${name} = scenario "${title ?? name}" { ... }\``, COMPATIBILITY_CODE, 'dynamic');
    kind = 'scenario';
  }
  if (SCENARIO_KINDS.has(kind)) {
    scenario(r, node, fqn, name, kind as Scenario['kind'], title, descriptionNode, location);
    return;
  }

  const element: Element = {
    fqn,
    name,
    kind,
    subkind: subkindNode ? r.values.path(subkindNode) : undefined,
    title,
    description: descriptionNode ? r.values.string(descriptionNode) : undefined,
    tags: [],
    metadata: {},
    styles: {},
    slo: {},
    scale: {},
    fields: {},
    parent: parentFqn,
    file: r.file,
    location,
    nameLocation,
  };
  const tags = new Set<string>();
  for (const t of children(kids, 'tag')) tags.add(r.values.scalar(t));
  for (const p of children(kids, 'property')) {
    const key = child(p, 'key');
    const value = child(p, 'value');
    if (!key || !value || value.missing) continue;
    const name = r.values.raw(key);
    r.note(p, 'fields after the title (`policy P "x" category "security"`)', `move \`${name}\` into the body`);
    const text = r.values.string(value);
    if (name === 'technology' || name === 'tech') element.technology = text;
    else if (name === 'version') element.version = text;
    else element.fields[name] = text;
  }
  r.out.elements.push(element);
  const body = child(kids, 'body');
  if (body) r.within(body, () => elementBody(r, body, element, tags));
  element.tags = sortedTags(tags);
  shareEmptyBlocks(element);
}

/** Five empty objects per element were ~280 of the ~650 bytes 150,000 elements kept each. */
function shareEmptyBlocks(element: Element): void {
  element.metadata = shared(element.metadata);
  element.styles = shared(element.styles);
  element.slo = shared(element.slo);
  element.scale = shared(element.scale);
  element.fields = shared(element.fields);
}

/** Reads an element body into `element` (also used by `extend`). */
export function elementBody(r: DocumentReader, body: SyntaxNode, owner: Element, tags: Set<string>): void {
  for (const item of eachChild(body)) {
    switch (item.type) {
      case 'string_property':
        elementProperty(r, item, owner);
        break;
      case 'external_property': {
        const value = child(item, 'value');
        owner.fields.external = value ? r.values.string(value) : 'true';
        break;
      }
      case 'tags_property':
      case 'tag_reference':
        addTags(r, item, tags);
        break;
      case 'unknown_statement':
        unknown(r, item, () => (owner.unknown ??= {}), owner);
        break;
      case 'contracts_block':
        contracts(r, item, owner.fqn || undefined);
        break;
      case 'metadata_block':
        r.values.settings(child(item, 'body'), '', owner.metadata);
        break;
      case 'properties_block':
        legacyNote(r, item, 'properties_block');
        r.values.settings(child(item, 'body'), '', owner.metadata);
        break;
      case 'style_block':
        styleBlock(r, item, owner.styles);
        break;
      case 'slo_block':
        r.values.settings(child(item, 'body'), '', owner.slo);
        break;
      case 'scale_block':
        r.values.settings(child(item, 'body'), '', owner.scale);
        break;
      case 'element_declaration':
        if (!adrLink(r, item, owner)) element(r, item, owner.fqn, () => (owner.unknown ??= {}));
        break;
      case 'relation':
        relation(r, item, owner.fqn);
        break;
      case 'step':
        r.note(item, '`step` outside a scenario, story or flow', 'move it into `X = scenario "Title" { ... }`; it is ignored here', 'SR108');
        break;
      case 'deployment_node':
        r.note(item, 'deployment nodes inside an element', 'declare `deployment` at the top level');
        deploymentNode(r, item, undefined);
        break;
      case 'container_instance':
        r.note(item, 'containerInstance outside a deployment node', 'put it inside `deployment Id "Label" { ... }`; it is ignored here');
        break;
      case 'constraints_block':
        r.note(item, 'constraints inside an element', 'declare `constraints { }` at the top level');
        ruleBlock(r, item, r.out.constraints, 'constraint');
        break;
      case 'conventions_block':
        r.note(item, 'conventions inside an element', 'declare `conventions { }` at the top level');
        ruleBlock(r, item, r.out.conventions, 'convention');
        break;
      case 'ERROR':
        // Contributes nothing (see statement()).
        break;
      default:
        r.unhandled(item);
        break;
    }
  }
}

/**
 * `adr ADR001` alone inside an element body (2025-11-27 to 2025-12-19): the element links the
 * ADR declared at the top level, as the courses of that era wrote it ("link the ADR to the
 * component it affects"), not a second, untitled ADR. Read as today's `metadata { adr "ADR001" }`.
 */
function adrLink(r: DocumentReader, node: SyntaxNode, owner: Element): boolean {
  const kindNode = child(node, 'kind');
  const nameNode = child(node, 'name');
  if (!kindNode || !nameNode || nameNode.missing || !sameNode(node.children[0], kindNode) || r.values.raw(kindNode) !== 'adr') return false;
  if (node.children.some((c) => c.field !== null && c.field !== 'kind' && c.field !== 'name')) return false;
  const id = r.values.raw(nameNode);
  const linked = owner.metadata.adr;
  owner.metadata.adr = linked === undefined ? id : [...(Array.isArray(linked) ? linked : [linked]), id];
  r.note(node, '`adr X` inside an element to link an ADR (before 2025-12-20)', `write \`metadata { adr "${id}" }\` in the element`, COMPATIBILITY_CODE, 'adr-link');
  return true;
}

export function elementProperty(r: DocumentReader, item: SyntaxNode, element: Element): void {
  const keyNode = child(item, 'key');
  const valueNode = child(item, 'value');
  if (!keyNode || !valueNode || valueNode.missing) return;
  const key = r.values.raw(keyNode);
  const value = r.values.string(valueNode);
  switch (key) {
    case 'description':
      element.description = value;
      break;
    case 'technology':
    case 'tech':
      element.technology = value;
      break;
    case 'version':
      element.version = value;
      break;
    case 'title':
      r.note(item, '`title` inside an element body', 'put the title after the kind: `X = system "Title"`');
      element.title ??= value;
      break;
    default:
      element.fields[key] = value;
      break;
  }
}

export function scenario(
  r: DocumentReader,
  node: SyntaxNode,
  fqn: string,
  name: string,
  kind: Scenario['kind'],
  title: string | undefined,
  descriptionNode: SyntaxNode | undefined,
  location: SourceLocation,
): void {
  const scenario: Scenario = {
    fqn,
    name,
    kind,
    title,
    description: descriptionNode ? r.values.string(descriptionNode) : undefined,
    steps: [],
    file: r.file,
    location,
  };
  r.out.scenarios.push(scenario);
  const body = child(node, 'body');
  // Scenarios nest like elements: the same depth guard applies.
  if (!body) return;
  r.within(body, () => {
    for (const item of body.children) {
      if (item.type === 'step' || item.type === 'relation') scenario.steps.push(step(r, item));
      else if (item.type === 'string_property' && r.values.raw(child(item, 'key')!) === 'description') {
        const v = child(item, 'value');
        if (v) scenario.description = r.values.string(v);
      } else if (item.type === 'element_declaration') element(r, item, fqn, () => (scenario.unknown ??= {}));
      else if (item.type === 'unknown_statement') unknown(r, item, () => (scenario.unknown ??= {}));
    }
  });
}

export function step(r: DocumentReader, node: SyntaxNode): Step {
  const label = relationLabel(r, node);
  const order = child(node, 'order');
  const tags = new Set<string>(relationTags(r, node));
  return {
    source: r.reference(child(node, 'source'), node),
    target: r.reference(child(node, 'target'), node),
    description: label.title,
    tags: [...tags].sort(),
    order: order ? r.values.scalar(order) : undefined,
    location: r.lines.location(node),
  };
}
