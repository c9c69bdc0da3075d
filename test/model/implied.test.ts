import { describe, expect, it } from 'vitest';
import { impliedRelationships } from '../../src/model/implied.js';
import { modelOfText } from '../support/model.js';

describe('implied relationships', () => {
  it('connects ancestors of top-level relationships, skipping declared pairs, self links and nesting', async () => {
    const ws = await modelOfText(`
User = person "User"
Shop = system "Shop" {
  API = container "API" { Handler = component "H" }
  DB = database "DB"
  API -> DB "reads"
}
Bank = system "Bank" { Gateway = container "G" }
User -> Shop.API.Handler "calls"
Shop.API -> Bank.Gateway "charges"
User -> Shop "uses"
`);
    const pairs = impliedRelationships(ws).map((r) => `${r.source} -> ${r.target}`).sort();
    expect(pairs).toEqual(['Shop -> Bank', 'Shop -> Bank.Gateway', 'Shop.API -> Bank', 'User -> Shop.API']);
    // Declared relationships stay as they were.
    expect(ws.relationships).toHaveLength(4);
  });
});
