/** Deployment (grammar.js "Deployment"): deployment nodes, infrastructure and container instances. */
import { child, children, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { DeploymentNode } from '../types.js';
import { COMPATIBILITY_CODE, legacyNote } from './legacy.js';
import { identifierFromTitle, addTags, unknown } from './properties.js';
import type { DocumentReader } from './reader.js';

export function deploymentNode(r: DocumentReader, node: SyntaxNode, parent: DeploymentNode | undefined): void {
  const keywordNode = child(node, 'keyword') ?? node.children[0];
  const keyword = (keywordNode ? r.values.raw(keywordNode) : 'node') as DeploymentNode['keyword'];
  const nameNode = child(node, 'name');
  const titleNode = child(node, 'title');
  const title = titleNode ? r.values.string(titleNode) : undefined;
  let name: string;
  if (nameNode && !nameNode.missing) {
    name = r.values.raw(nameNode);
    if (!titleNode && keyword !== 'infrastructure') {
      r.note(node, `\`${keyword} ${name}\` without a label`, `write \`${keyword} ${name} "Label"\``, COMPATIBILITY_CODE, 'deployment-label');
    }
  } else {
    name = identifierFromTitle(title ?? keyword);
    r.note(node, `\`${keyword} "Label"\` without an ID`, `write \`${keyword} ${name} "${title ?? ''}"\``, COMPATIBILITY_CODE, 'deployment-id');
  }
  const path = parent ? `${parent.path}.${name}` : name;
  const descriptionNode = child(node, 'description');
  const deployment: DeploymentNode = {
    path,
    name,
    keyword,
    title,
    description: descriptionNode ? r.values.string(descriptionNode) : undefined,
    tags: children(node, 'tag').map((t) => r.values.scalar(t)),
    properties: {},
    instances: [],
    parent: parent?.path,
    file: r.file,
    location: r.lines.location(node),
  };
  r.out.deployment.push(deployment);
  const body = child(node, 'body');
  if (!body) return;
  const tags = new Set(deployment.tags);
  for (const item of body.children) {
    switch (item.type) {
      case 'deployment_node':
      case 'infrastructure_node':
        r.within(item, () => deploymentNode(r, item, deployment));
        break;
      case 'container_instance': {
        const target = child(item, 'target');
        if (!target) break;
        const ref = r.reference(target, item);
        if (ref.written.includes('.') || child(item, 'body')) {
          r.note(item, 'containerInstance with a dotted name or a body', 'the sruja CLI accepts only `containerInstance Id ["Label"] [instanceId N]`');
        }
        deployment.instances.push(ref);
        break;
      }
      case 'string_property': {
        const key = r.values.raw(child(item, 'key')!);
        const value = child(item, 'value');
        if (!value) break;
        if (key === 'technology' || key === 'tech') deployment.technology = r.values.string(value);
        else if (key === 'description') deployment.description = r.values.string(value);
        else deployment.properties[key] = r.values.string(value);
        break;
      }
      case 'tags_property':
      case 'tag_reference':
        addTags(r, item, tags);
        break;
      case 'external_property': {
        const value = child(item, 'value');
        deployment.properties.external = value ? r.values.string(value) : 'true';
        break;
      }
      case 'properties_block':
        legacyNote(r, item, 'properties_block');
        r.values.settings(child(item, 'body'), 'metadata.', deployment.properties);
        break;
      case 'metadata_block':
      case 'style_block':
      case 'slo_block':
      case 'scale_block':
        r.values.settings(child(item, 'body'), `${item.type.replace('_block', '')}.`, deployment.properties);
        break;
      case 'unknown_statement':
        unknown(r, item, () => (deployment.unknown ??= {}));
        break;
      case 'ERROR':
        // Contributes nothing (see statement()).
        break;
      default:
        r.unhandled(item);
        break;
    }
  }
  deployment.tags = [...tags].sort();
}
