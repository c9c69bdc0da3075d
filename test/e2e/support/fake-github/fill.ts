// Builds schema-valid response objects from a small overlay of meaningful fields.
// Why: GitHub's schemas require dozens of fields (a `repository` has 77 required properties).
// Handlers set what matters (ids, shas, logins, bodies) and this fills the rest with neutral
// values of the right type; the response validator then double-checks the result.
import type { JsonSchema } from './spec.js';

const FIXED_DATE = '2026-01-01T00:00:00Z';

export class SchemaFiller {
  constructor(private readonly schemas: Record<string, JsonSchema>) {}

  /** Fills the named component schema (e.g. 'pull-request') around `overlay`. */
  component<T = Record<string, unknown>>(name: string, overlay: unknown = undefined): T {
    const schema = this.schemas[name];
    if (!schema) throw new Error(`unknown component schema '${name}'`);
    return this.fill(schema, overlay) as T;
  }

  fill(schema: JsonSchema, overlay: unknown): unknown {
    const s = this.deref(schema);
    if (overlay === null) return null;
    if (Array.isArray(s.allOf)) {
      const parts = (s.allOf as JsonSchema[]).map((part) => this.fill(part, overlay));
      return parts.every(isObject) ? Object.assign({}, ...parts) : parts[parts.length - 1];
    }
    const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) return this.fill(this.pick(alternatives, overlay), overlay);

    const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
    // A nullable field the handler did not set is null, as GitHub returns for unset fields.
    if (overlay === undefined && types.includes('null')) return null;
    const type = types.find((t) => t !== 'null') ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'object':
        return this.fillObject(s, overlay);
      case 'array':
        return Array.isArray(overlay) ? overlay.map((item) => this.fill((s.items ?? {}) as JsonSchema, item)) : [];
      case 'string':
        if (overlay !== undefined) return overlay;
        if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null);
        return s.format === 'date-time' ? FIXED_DATE : s.format === 'uri' ? 'https://github.com/' : s.format === 'email' ? 'noreply@github.com' : '';
      case 'integer':
      case 'number':
        return overlay ?? (typeof s.minimum === 'number' ? s.minimum : 0);
      case 'boolean':
        return overlay ?? false;
      default:
        return overlay ?? {};
    }
  }

  private fillObject(s: JsonSchema, overlay: unknown): Record<string, unknown> {
    const given = isObject(overlay) ? overlay : {};
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    const out: Record<string, unknown> = {};
    for (const name of (s.required ?? []) as string[]) {
      out[name] = this.fill(properties[name] ?? {}, given[name]);
    }
    for (const [name, value] of Object.entries(given)) {
      if (value === undefined) continue;
      out[name] = properties[name] ? this.fill(properties[name], value) : value;
    }
    return out;
  }

  /** Chooses the alternative that best fits the overlay (type first, then shared property names). */
  private pick(alternatives: JsonSchema[], overlay: unknown): JsonSchema {
    const candidates = alternatives.map((a) => this.deref(a)).filter((a) => a.type !== 'null');
    if (candidates.length === 0) return alternatives[0]!;
    const kind = Array.isArray(overlay) ? 'array' : overlay === undefined ? undefined : typeof overlay === 'object' ? 'object' : typeof overlay;
    const score = (a: JsonSchema) => {
      const t = Array.isArray(a.type) ? (a.type as string[]) : [a.type ?? (a.properties ? 'object' : undefined)];
      let value = kind && (t.includes(kind) || (kind === 'number' && t.includes('integer'))) ? 1000 : 0;
      if (isObject(overlay)) {
        const props = (a.properties ?? {}) as Record<string, JsonSchema>;
        for (const [k, v] of Object.entries(overlay)) {
          if (!(k in props)) continue;
          value += 1;
          const en = this.deref(props[k]!).enum;
          if (Array.isArray(en)) value += en.includes(v) ? 100 : -100; // discriminators such as `event` or `type`
        }
      }
      return value;
    };
    return candidates.reduce((best, a) => (score(a) > score(best) ? a : best));
  }

  private deref(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
      const name = /#\/components\/schemas\/(.+)$/.exec(s.$ref as string)?.[1];
      const next = name ? this.schemas[name] : undefined;
      if (!next) throw new Error(`cannot resolve ${String(s.$ref)}`);
      s = next;
    }
    return s;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
