import assert from "node:assert";
import { test } from "node:test";
import Parser from "tree-sitter";

test("can load grammar", async () => {
  const parser = new Parser();
  const { default: language } = await import("./index.js");
  parser.setLanguage(language);
});

test("parses a flat-era model", async () => {
  const { default: language } = await import("./index.js");
  const parser = new Parser();
  parser.setLanguage(language);
  const tree = parser.parse('Shop = system "Shop" {\n  Api = container "API"\n}\nUser -> Shop.Api "Uses"\n');
  assert.equal(tree.rootNode.hasError, false);
  assert.deepEqual(
    tree.rootNode.namedChildren.map((node) => node.type),
    ["element_declaration", "relation"],
  );
});

test("exposes the queries", async () => {
  const { default: language } = await import("./index.js");
  assert.match(language.HIGHLIGHTS_QUERY ?? "", /@keyword/);
  assert.match(language.TAGS_QUERY ?? "", /@definition\.class/);
});
