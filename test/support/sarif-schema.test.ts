import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SARIF_SCHEMA_ID, SARIF_SCHEMA_URL, validateSarif } from './sarif-schema.js';

const minimal = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'sruja-review', informationUri: 'https://example.invalid/sruja-review', rules: [{ id: 'SR001', shortDescription: { text: 'Rule' } }] } },
      results: [
        {
          ruleId: 'SR001',
          level: 'warning',
          message: { text: 'Something to look at' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'architecture/model.sruja', uriBaseId: '%SRCROOT%' },
                region: { startLine: 3, startColumn: 1 },
              },
            },
          ],
        },
      ],
    },
  ],
};

describe('validateSarif', () => {
  it('uses the official schema from the npm package, unchanged', () => {
    validateSarif({ version: '2.1.0', runs: [] }); // fetches the schema when it is missing
    const bytes = readFileSync(SARIF_SCHEMA_URL);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454');
    const schema = JSON.parse(bytes.toString('utf8')) as { $id: string; $schema: string };
    expect(schema.$id).toBe(SARIF_SCHEMA_ID);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts a minimal valid log', () => {
    expect(validateSarif(minimal)).toEqual({ valid: true, errors: [], details: [] });
    expect(validateSarif({ version: '2.1.0', runs: [] }).valid).toBe(true);
  });

  it('rejects invalid logs with readable errors', () => {
    expect(validateSarif({ runs: [] }).errors).toContain("/ must have required property 'version'");
    const badLevel = structuredClone(minimal);
    (badLevel.runs[0]!.results[0] as { level: string }).level = 'fatal';
    const result = validateSarif(badLevel);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain('/runs/0/results/0/level must be equal to one of the allowed values');

    const badLine = structuredClone(minimal);
    badLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validateSarif(badLine).errors).toContain('/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1');

    const extra = { ...minimal, surprise: true };
    expect(validateSarif(extra).errors).toContain('/ must NOT have additional properties (surprise)');

    expect(validateSarif({ version: '2.0.0', runs: [] }).valid).toBe(false);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }).errors).toContain(
      "/runs/0/tool/driver must have required property 'name'",
    );
    const noMessage = structuredClone(minimal) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete noMessage.runs[0]!.results[0]!.message;
    expect(validateSarif(noMessage).errors).toContain("/runs/0/results/0 must have required property 'message'");
    expect(validateSarif('not a log').valid).toBe(false);
  });

  it('checks formats (uri)', () => {
    const badUri = structuredClone(minimal);
    badUri.runs[0]!.tool.driver.informationUri = 'not a uri';
    expect(validateSarif(badUri).errors).toContain('/runs/0/tool/driver/informationUri must match format "uri"');
  });
});
