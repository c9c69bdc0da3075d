import { describe, expect, it } from 'vitest';
import { modelOfText, withoutLocations } from '../support/model.js';
import type { Workspace } from '../../src/model/types.js';

const FLAT = `
person = kind "Person"
system = kind "System"
container = kind "Container"
queue = kind "Queue"
database = kind "Database"

Customer = person "Customer"
Shop = system "Shop" {
  description "Online shop"
  API = container "API" {
    technology "Go"
    tags ["backend"]
  }
  Orders = queue "Orders" { technology "Kafka" }
  DB = database "Orders DB"
  API -> Orders publishes "OrderPlaced events" [async]
  API -> DB "reads and writes"
}
Customer -> Shop.API "Uses"

Checkout = scenario "Checkout" {
  Customer -> Shop.API "places an order"
  Shop.API -> Shop.Orders "publishes OrderPlaced"
}

view index {
  title "Overview"
  include *
}
view shop of Shop {
  include Shop.*
  exclude Shop.DB
}
`;

const BLOCKS = `
specification {
  element person
  element system
  element container
  element queue
  element database
}

model {
  Customer = person "Customer"
  Shop = system "Shop" {
    description "Online shop"
    API = container "API" {
      technology "Go"
      tags ["backend"]
    }
    Orders = queue "Orders" { technology "Kafka" }
    DB = database "Orders DB"
    API -> Orders publishes "OrderPlaced events" [async]
    API -> DB "reads and writes"
  }
  Customer -> Shop.API "Uses"

  scenario Checkout "Checkout" {
    Customer -> Shop.API "places an order"
    Shop.API -> Shop.Orders "publishes OrderPlaced"
  }
}

views {
  view index {
    title "Overview"
    include *
  }
  view shop of Shop {
    include Shop.*
    exclude Shop.DB
  }
}
`;

const KEYWORD_FIRST = `
architecture "Shop" {
  person Customer "Customer"
  system Shop "Shop" "Online shop" {
    container API "API" {
      technology "Go"
      tags ["backend"]
    }
    queue Orders "Orders" { technology "Kafka" }
    database DB "Orders DB"
    API -> Orders publishes "OrderPlaced events" [async]
    API -> DB "reads and writes"
  }
  Customer -> Shop.API "Uses"

  scenario Checkout "Checkout" {
    Customer -> Shop.API "places an order"
    Shop.API -> Shop.Orders "publishes OrderPlaced"
  }

  view index {
    title "Overview"
    include *
  }
  view shop of Shop {
    include Shop.*
    exclude Shop.DB
  }
}
`;

/** What the architecture says, independent of how it is written down. */
function meaning(ws: Workspace) {
  return withoutLocations({
    elements: ws.elements,
    relationships: ws.relationships,
    views: ws.views,
    scenarios: ws.scenarios,
    deployment: ws.deployment,
  });
}

describe('syntax eras', () => {
  it('reads the flat, block and keyword-first eras into one model', async () => {
    const [flat, blocks, keywordFirst] = await Promise.all([
      modelOfText(FLAT),
      modelOfText(BLOCKS),
      modelOfText(KEYWORD_FIRST),
    ]);
    expect(flat.elements.size).toBe(5);
    expect([...flat.elements.keys()].sort()).toEqual(['Customer', 'Shop', 'Shop.API', 'Shop.DB', 'Shop.Orders']);
    expect(meaning(blocks)).toEqual(meaning(flat));
    expect(meaning(keywordFirst)).toEqual(meaning(flat));
  });

  it('declares the same kinds in the flat and block specifications', async () => {
    const [flat, blocks] = await Promise.all([modelOfText(FLAT), modelOfText(BLOCKS)]);
    expect([...blocks.kinds.keys()].sort()).toEqual([...flat.kinds.keys()].sort());
  });

  it('has no errors in any era, and says which forms the sruja CLI rejects', async () => {
    const flat = await modelOfText(FLAT);
    expect(flat.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
    const blocks = await modelOfText(BLOCKS);
    expect(blocks.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const notes = blocks.diagnostics.filter((d) => d.code === 'SR200').map((d) => d.message);
    expect(notes.some((m) => m.includes('specification { }'))).toBe(true);
    expect(notes.some((m) => m.includes('model { }'))).toBe(true);
    expect(notes.some((m) => m.includes('views { }'))).toBe(true);
    expect(notes.some((m) => m.includes('scenario Checkout'))).toBe(true);
    const old = await modelOfText(KEYWORD_FIRST);
    expect(old.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const oldNotes = old.diagnostics.filter((d) => d.code === 'SR200');
    expect(oldNotes.some((d) => d.message.includes('architecture'))).toBe(true);
    // One note per form and file, counting the places.
    const kw = oldNotes.find((d) => d.message.includes('keyword-first'))!;
    expect(kw.message).toMatch(/\(\d+ places in this file; this is the first\)/);
    expect(kw.location.line).toBe(3);
  });

  it('reads relation labels the same with or without quotes', async () => {
    const quoted = await modelOfText('A = system "A"\nB = system "B"\nA -> B "Uses"\n');
    const bare = await modelOfText('A = system "A"\nB = system "B"\nA -> B Uses\n');
    expect(withoutLocations(quoted.relationships)).toEqual(withoutLocations(bare.relationships));
    expect(quoted.relationships[0]).toMatchObject({ verb: 'Uses', title: 'Uses' });
  });
});

describe('older element properties', () => {
  it('reads `properties { }` as metadata and says the sruja CLI dropped it', async () => {
    const ws = await modelOfText('API = container "API" {\n  properties { owner "team-a" }\n}\n');
    expect(ws.elements.get('API')!.metadata).toEqual({ owner: 'team-a' });
    const note = ws.diagnostics.find((d) => d.code === 'SR200')!;
    expect(note.message).toBe('the sruja CLI rejects `properties { }` (removed 2026-01-02); rename it to `metadata { }`');
    expect(note.location.line).toBe(2);
  });

  it('accepts `technology` without a value in a kind body', async () => {
    const ws = await modelOfText('ms = kind "Microservice" { technology }\nA = ms "A"\n');
    expect(ws.kinds.has('ms')).toBe(true);
    expect(ws.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
