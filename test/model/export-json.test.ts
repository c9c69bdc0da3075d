import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { workspaceToJson } from '../../src/model/export-json.js';
import { modelOf } from '../support/model.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/model.schema.json', import.meta.url), 'utf8'));

describe('model JSON export', () => {
  it('matches its published schema, with every construct present', async () => {
    const ws = await modelOf({
      'a.sruja': `
person = kind "Person"
critical = tag "Critical"
import { * } from "./b.sruja"
overview { summary "Shop" goals ["fast"] }
constraints { perf "p99 < 200ms" }
conventions { "REST everywhere" }
U = person "User"
Shop = system "Shop" #critical {
  API = container "API" {
    technology "Go"
    metadata { owner "team-a" regions ["eu", "us"] }
    style { color "#fff" }
    slo { availability { target "99.9%" } }
    scale { min 2 max 4 }
  }
}
U -> Shop.API reads "data" [sync] { latency "20ms" }
Buy = scenario "Buy" { step U -> Shop.API "buys" order "1" }
view index of Shop { title "T" include * exclude Shop.API autoLayout LR layout { direction LR } }
deployment Prod "Production" { node EU "eu" { containerInstance API } }
Ghost -> U "haunts"
`,
      'b.sruja': 'queue = kind "Queue" {\n  technology "AMQP"\n  retention 7\n}\nconstraints { throughput { peak "900/min" } }\n',
    });
    const json = JSON.parse(JSON.stringify(workspaceToJson(ws)));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(json.version).toBe(1);
    expect(json.elements.map((e: { fqn: string }) => e.fqn)).toEqual(['Shop', 'Shop.API', 'U']);
    expect(json.diagnostics.some((d: { code: string }) => d.code === 'E202')).toBe(true);
    expect(json.kinds.find((k: { name: string }) => k.name === 'queue').unknown).toEqual({ retention: '7' });
    expect(json.constraints['throughput.peak']).toBe('900/min');
  });
});
