/**
 * @file Sruja architecture-as-code language: every syntax era (flat, block, keyword-first).
 * @license MIT
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Words that start a construct somewhere but may also be written as element names and path
// segments (the Go parser accepts `model = system "m"`). They are aliased back to identifiers
// wherever a name is expected; see `_identifier`.
const CONTEXTUAL_KEYWORDS = [
  'architecture', 'specification', 'model', 'views', 'view', 'import', 'overview',
  'deployment', 'deploymentNode', 'node', 'containerInstance', 'infrastructure',
  'constraints', 'conventions', 'constraint', 'convention', 'extend', 'style', 'styles',
  'metadata', 'slo', 'scale', 'description', 'technology', 'tech', 'tags', 'version',
  'status', 'context', 'decision', 'consequences', 'category', 'enforcement', 'external',
  'step', 'title', 'element', 'kind', 'tag', 'order', 'instanceId', 'from', 'of', 'extends',
  'properties', 'contracts', 'as', 'systemContext',
];

// Kinds that the keyword-first era also wrote without an ID: `system "Shop" { ... }`,
// `scenario "Login" { ... }`. They are keywords only where such a declaration may start.
const ANONYMOUS_KINDS = [
  'person', 'system', 'container', 'component', 'datastore', 'database', 'queue',
  'scenario', 'story', 'flow',
];

// Keywords that only continue a construct, and so may name an unknown statement's key.
const KEYWORD_KEYS = ['order', 'from', 'of', 'extends', 'instanceId', 'as', 'kind', 'tag', 'element'];

// Words that start an item of `specification { }`: never the key of an unknown statement there,
// so `element person "Person"` and `tag critical` keep their own node types.
const SPECIFICATION_KEYWORDS = ['element', 'tag', 'style', 'styles'];

// View names may be any identifier except the words that continue a view header.
const VIEW_HEADER_KEYWORDS = ['of', 'extends', 'title'];

// Body properties whose value is one string, optionally after a colon.
const STRING_PROPERTIES = [
  'description', 'technology', 'tech', 'version', 'status', 'context', 'decision',
  'consequences', 'category', 'enforcement', 'title',
];

// Identifiers: letters, digits, `_` and inner hyphens (`order-api`). A trailing `-` is not part
// of a word, so `a->b` is a relation (the Go lexer reads `a-` and fails).
const IDENT = /[\p{L}_][\p{L}\p{N}\p{Mn}\p{Mc}_]*(-[\p{L}\p{N}\p{Mn}\p{Mc}_]+)*/u;

export default grammar({
  name: 'sruja',

  externals: $ => [
    // Zero-width: the next token is a word on the same line (relation verbs, subkinds). This is
    // how `A -> B` followed by a line `C = system "C"` stays two statements.
    $._same_line,
    // Zero-width: a statement of its own starts here (the next word is followed by `=` or `->`).
    // Its first leaf is then this token, not the `word` token: tree-sitter reuses a statement
    // whose first leaf is the word token only in the exact parse state it was lexed in, which
    // is never the case after the previous statement was reparsed (see scanner.c).
    $._statement_start,
    // Zero-width, just before a `_statement_start`: the previous statement ends here. The
    // previous statement then reduces on this token instead of on the next statement's first
    // token, so the next statement starts in the same state after a reparse as in a full parse.
    $._statement_end,
    // Never produced. Valid only during error recovery, which the scanner uses to stay out of it.
    $._error_sentinel,
    // Zero-width, at the end of an include or exclude list: the next word is on the same line
    // but followed by what only an unknown statement holds (`criticality "high"`, `owners [..]`,
    // `legend { }`, `region: eu`, `budget 3`), so it starts a statement of its own.
    $._unknown_ahead,
  ],

  extras: $ => [/\s/, $.comment],

  supertypes: $ => [$._statement, $._property],

  word: $ => $.identifier,

  conflicts: $ => [
    [$._kind_name, $.unknown_statement],
    [$.unknown_item, $.unknown_statement],
    [$.unknown_item, $._identifier],
    // `layer Presentation` is a keyword-first element until something only an unknown
    // statement may hold (`items Order[]`, `key: T`) follows; the reader decides the rest.
  ],

  rules: {
    source_file: $ => repeat(item($, $._statement)),

    _statement: $ => choice(
      $.element_declaration,
      $.kind_definition,
      $.tag_definition,
      $.relation,
      $.view_declaration,
      $.import_declaration,
      $.overview_block,
      $.deployment_node,
      $.container_instance,
      $.constraints_block,
      $.conventions_block,
      $.extend_declaration,
      $.style_block,
      $.metadata_block,
      $.slo_block,
      $.scale_block,
      $.specification_block,
      $.model_block,
      $.views_block,
      $.architecture_block,
      $.step,
      $.contracts_block,
      // Architecture-level `description "..."` (2025-12-08 to 2025-12-19).
      $.string_property,
      $.unknown_statement,
    ),

    // ---------------------------------------------------------------------------------------
    // Wrappers of the older eras
    // ---------------------------------------------------------------------------------------

    architecture_block: $ => seq(
      'architecture',
      optional(field('title', $.string)),
      field('body', $.statement_block),
    ),

    model_block: $ => seq('model', field('body', $.statement_block)),

    statement_block: $ => seq('{', repeat(item($, $._statement)), '}'),

    specification_block: $ => seq(
      'specification',
      field('body', $.specification_body),
    ),

    specification_body: $ => seq('{', repeat(item($, choice(
      $.kind_declaration,
      $.tag_declaration,
      $.kind_definition,
      $.tag_definition,
      $.style_block,
      alias($._specification_unknown, $.unknown_statement),
    ))), '}'),

    // An unknown statement in `specification { }` (`relationship uses { ... }`,
    // `color red "#f00"`, `deploymentNode Vm "VM"`): any key but a specification keyword.
    _specification_unknown: $ => prec.dynamic(-1, prec.right(seq(
      field('key', choice(
        $.identifier,
        alias(choice(
          ...CONTEXTUAL_KEYWORDS.filter(k => !SPECIFICATION_KEYWORDS.includes(k)),
          ...ANONYMOUS_KINDS,
        ), $.identifier),
      )),
      ...unknownTail($),
    ))),

    // `element person "Person" { ... }` inside `specification { }`. Its body holds `title`,
    // `description`, `technology` and `style { }` (2025-12-20), so it is read as an element body:
    // a statement no grammar defines stands there as in a flat-era `x = kind { }` body.
    kind_declaration: $ => seq(
      'element',
      field('name', $._identifier),
      optional(field('title', $.string)),
      optional(field('body', $.element_body)),
    ),

    // `tag critical "Critical"` inside `specification { }`.
    tag_declaration: $ => seq(
      'tag',
      field('name', $._identifier),
      optional(field('title', $.string)),
      optional(field('body', $.settings_block)),
    ),

    views_block: $ => seq(
      'views',
      optional(field('folder', $.string)),
      field('body', $.views_body),
    ),

    views_body: $ => seq('{', repeat(choice($.view_declaration, $.typed_view, $.style_block, $.unknown_statement)), '}'),

    // `container Shop "API Architecture" { include ... }` inside `views { }` (2025-12-08 to
    // 2025-12-19): systemContext, container, component and deployment views of one scope.
    typed_view: $ => seq(
      field('type', alias(choice('systemContext', 'container', 'component', 'deployment'), $.identifier)),
      field('scope', $.path),
      field('title', $.string),
      field('body', $.view_body),
    ),

    // ---------------------------------------------------------------------------------------
    // Specification: kinds and tags
    // ---------------------------------------------------------------------------------------

    kind_definition: $ => prec.right(seq(
      field('name', $._identifier),
      '=',
      'kind',
      optional(field('title', $.string)),
      optional(field('body', $.element_body)),
    )),

    tag_definition: $ => prec.right(seq(
      field('name', $._identifier),
      '=',
      'tag',
      optional(field('title', $.string)),
    )),

    // ---------------------------------------------------------------------------------------
    // Elements
    // ---------------------------------------------------------------------------------------

    element_declaration: $ => prec.right(choice(
      // Flat and block eras: `Shop = system "Shop" #tag { ... }`.
      seq(
        field('name', $._identifier),
        '=',
        field('kind', $.identifier),
        ...elementTail($),
      ),
      // Keyword-first era: `system Shop "Shop" "Description" { ... }`. The name is on the
      // kind's line, which lets `items OrderItem[]` fall through to an unknown statement.
      seq(
        field('kind', $._kind_name),
        $._same_line,
        field('name', $._identifier),
        ...elementTail($),
      ),
      // Keyword-first era without an ID: `system "Shop" { ... }`.
      seq(
        field('kind', alias(choice(...ANONYMOUS_KINDS), $.identifier)),
        field('title', $.string),
        optional(field('description', $.string)),
        repeat(field('tag', $.tag_reference)),
        optional(field('body', $.element_body)),
      ),
    )),

    _kind_name: $ => choice($.identifier, alias(choice(...ANONYMOUS_KINDS), $.identifier)),

    // `policy P "x" category "security"`, `component C "C" technology "Go"`,
    // `library L "L" version "1" owner "me"`: keyword-first eras, same line only.
    inline_property: $ => seq(
      field('key', choice(
        alias($.identifier, $.property_key),
        alias(choice(...CONTEXTUAL_KEYWORDS, ...ANONYMOUS_KINDS), $.property_key),
      )),
      field('value', $.string),
    ),

    element_body: $ => seq('{', repeat(item($, $._body_item)), '}'),

    _body_item: $ => choice(
      $._property,
      $.element_declaration,
      $.relation,
      $.step,
      $.tag_reference,
      $.deployment_node,
      $.container_instance,
      $.constraints_block,
      $.conventions_block,
      $.contracts_block,
      $.unknown_statement,
    ),

    // ---------------------------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------------------------

    _property: $ => choice(
      $.string_property,
      $.external_property,
      $.tags_property,
      $.metadata_block,
      $.properties_block,
      $.style_block,
      $.slo_block,
      $.scale_block,
    ),

    string_property: $ => choice(
      seq(
        field('key', alias(choice(...STRING_PROPERTIES), $.property_key)),
        optional(':'),
        field('value', $.string),
      ),
      // A kind body may name its technology without a value: `ms = kind { technology }`.
      prec(-1, field('key', alias(choice('technology', 'tech'), $.property_key))),
    ),

    // `external` marks an element outside the team's control; the string is optional.
    external_property: $ => prec.right(seq(
      'external',
      optional(':'),
      optional(field('value', $.string)),
    )),

    // `tags ["a", "b"]`, `tags "a"`, and governance bodies' `tags "a", "b"` (2025-12-12).
    tags_property: $ => prec.right(seq(
      'tags',
      optional(':'),
      choice(
        field('value', $.string_list),
        seq(field('value', $.string), repeat(seq(',', field('value', $.string)))),
      ),
    )),

    metadata_block: $ => seq('metadata', field('body', $.settings_block)),

    // `properties { "k" "v" }`: the predecessor of `metadata`, removed from Sruja on 2026-01-02.
    properties_block: $ => seq('properties', field('body', $.settings_block)),

    style_block: $ => seq(
      choice('style', 'styles'),
      optional(field('selector', choice($._identifier, $.tag_reference, $.string))),
      choice(
        field('body', $.settings_block),
        // The Go parser wants double braces in a kind body: `style { { shape "hexagon" } }`.
        seq('{', field('body', $.settings_block), '}'),
      ),
    ),

    slo_block: $ => seq('slo', field('body', $.settings_block)),

    scale_block: $ => seq('scale', field('body', $.settings_block)),

    // Generic `key value { ... }` entries: metadata, styles, SLO, scale, layout, overview.
    settings_block: $ => seq('{', repeat($.setting), '}'),

    setting: $ => prec.right(seq(
      field('key', choice($._identifier, $.tag_reference, $.string)),
      optional(':'),
      optional(field('value', $._value)),
      optional(field('body', $.settings_block)),
      optional(','),
    )),

    // A bare word is only a value when it is on the key's line: in `style { bold` + newline
    // `color "red" }` the word `color` starts the next setting (the Go parser takes it as a value).
    _value: $ => choice(
      $.string,
      $.number,
      $.string_list,
      seq($._same_line, $.path),
      $.tag_reference,
    ),

    string_list: $ => seq(
      '[',
      optional(seq(
        $._list_item,
        repeat(seq(',', $._list_item)),
        optional(','),
      )),
      ']',
    ),

    _list_item: $ => choice($.string, $.number, $.identifier),

    // ---------------------------------------------------------------------------------------
    // Relations, scenarios, stories and flows
    // ---------------------------------------------------------------------------------------

    relation: $ => prec.right(seq(
      field('source', $.path),
      '->',
      field('target', $.path),
      optional(seq($._same_line, field('verb', $.identifier))),
      optional(seq(
        field('title', $.string),
        optional(field('description', $.string)),
      )),
      repeat(field('tag', $.tag_reference)),
      optional(field('tags', $.relation_tags)),
      // Dynamic-view and scenario steps of 2025-11-27 to 2025-12-19: `A -> B "x" order "1"`.
      optional(seq('order', field('order', choice($.string, $.number)))),
      optional(field('body', $.settings_block)),
    )),

    // `step A -> B "desc" [tags] order "1"` inside a scenario, story or flow.
    step: $ => prec.right(seq(
      repeat1('step'),
      field('source', $.path),
      '->',
      field('target', $.path),
      optional(seq(
        field('title', $.string),
        optional(field('description', $.string)),
      )),
      repeat(field('tag', $.tag_reference)),
      optional(field('tags', $.relation_tags)),
      optional(seq('order', field('order', choice($.string, $.number)))),
      optional(field('body', $.settings_block)),
    )),

    relation_tags: $ => seq(
      '[',
      optional(seq(
        $._relation_tag,
        repeat(seq(',', $._relation_tag)),
        optional(','),
      )),
      ']',
    ),

    _relation_tag: $ => choice($.identifier, $.string),

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    view_declaration: $ => prec.right(seq(
      'view',
      optional(field('name', $._view_name)),
      repeat(choice(
        seq('extends', field('extends', $.identifier)),
        seq('of', field('of', $.path)),
        seq('title', field('title', $.string)),
        field('title', $.string),
      )),
      optional(field('body', $.view_body)),
    )),

    _view_name: $ => choice(
      $.identifier,
      alias(choice(
        ...CONTEXTUAL_KEYWORDS.filter(k => !VIEW_HEADER_KEYWORDS.includes(k)),
        ...ANONYMOUS_KINDS,
      ), $.identifier),
    ),

    view_body: $ => seq('{', repeat($._view_item), '}'),

    _view_item: $ => choice(
      $.include_statement,
      $.exclude_statement,
      $.string_property,
      $.auto_layout,
      $.style_block,
      $.layout_block,
      $.unknown_statement,
      $.continued_expressions,
    ),

    // A line holding only names after `include A` (`include A` newline `B, C`): the Go parser
    // ignores newlines, so these continue the statement above; the reader adds them to it.
    continued_expressions: $ => prec.right(seq(
      field('expression', choice($.element_expression, $.wildcard)),
      repeat(seq(',', field('expression', $._view_expression))),
    )),

    include_statement: $ => prec.right(seq('include', $._view_expressions)),

    exclude_statement: $ => prec.right(seq('exclude', $._view_expressions)),

    // `include A B C` lists names on one line: a name on the next line starts a statement of its
    // own (`criticality "high"` after `include A` is an unknown statement, not two expressions).
    // A keyword on the same line (`include A exclude B`) ends the list: the statement then takes
    // the zero-width same-line token itself, so the keyword is lexed as a keyword. So does a name
    // followed by what only an unknown statement holds (`include A criticality "high"`; a string
    // with an arrow is a relation pattern and stays in the list): the scanner says so with
    // `_unknown_ahead`.
    _view_expressions: $ => prec.right(seq(
      field('expression', $._view_expression),
      repeat(choice(
        seq(',', field('expression', $._view_expression)),
        seq($._same_line, field('expression', $.element_expression)),
        field('expression', choice($.wildcard, $.string)),
      )),
      optional(choice($._same_line, $._unknown_ahead)),
    )),

    // A string is a relation pattern such as "->Shop->" (2025-12-08 onwards).
    _view_expression: $ => choice($.wildcard, $.element_expression, $.string),

    wildcard: _ => choice('*', '**'),

    // `A`, `A.B.C`, `A.*` (children), `A.**` (descendants).
    element_expression: $ => seq(
      field('path', alias($._view_path, $.path)),
      optional(field('selector', alias(choice('.*', '.**'), $.selector))),
    ),

    _view_path: $ => seq(
      field('segment', $.identifier),
      repeat(seq('.', field('segment', $.identifier))),
    ),

    auto_layout: $ => prec.right(seq(
      choice('autoLayout', 'autolayout'),
      optional(field('direction', choice($.identifier, $.string))),
    )),

    layout_block: $ => seq('layout', field('body', $.settings_block)),

    // ---------------------------------------------------------------------------------------
    // Deployment
    // ---------------------------------------------------------------------------------------

    deployment_node: $ => prec.right(seq(
      field('keyword', alias(choice('deployment', 'deploymentNode', 'node'), $.deployment_keyword)),
      optional(field('name', $._identifier)),
      optional(seq(
        field('title', $.string),
        optional(field('description', $.string)),
      )),
      repeat(field('tag', $.tag_reference)),
      optional(field('body', $.deployment_body)),
    )),

    deployment_body: $ => seq('{', repeat(item($, choice(
      $.deployment_node,
      $.container_instance,
      $.infrastructure_node,
      $._property,
      $.tag_reference,
      $.unknown_statement,
    ))), '}'),

    container_instance: $ => prec.right(seq(
      'containerInstance',
      field('target', $.path),
      optional(field('title', $.string)),
      optional(seq('instanceId', field('instance_id', $.number))),
      optional(field('body', $.settings_block)),
    )),

    infrastructure_node: $ => prec.right(seq(
      'infrastructure',
      field('name', $._identifier),
      optional(seq(
        field('title', $.string),
        optional(field('description', $.string)),
      )),
      optional(field('body', $.element_body)),
    )),

    // ---------------------------------------------------------------------------------------
    // Imports, overview, constraints, conventions, extend
    // ---------------------------------------------------------------------------------------

    import_declaration: $ => choice(
      // `import "shared.sruja"` and `import "common.sruja" as common` (2025-11-27 to 2025-12-19).
      prec.right(seq('import', field('source', $.string), optional(seq('as', field('alias', $.identifier))))),
      seq(
      'import',
      '{',
      optional(seq(
        field('item', $._import_item),
        repeat(seq(',', field('item', $._import_item))),
        optional(','),
      )),
      '}',
      'from',
      field('source', $.string),
    )),

    _import_item: $ => choice($.identifier, $.wildcard),

    overview_block: $ => seq('overview', field('body', $.settings_block)),

    constraints_block: $ => prec.right(seq(
      choice('constraints', 'constraint'),
      optional(field('name', $.identifier)),
      optional(field('title', $.string)),
      field('body', $.rule_block),
    )),

    conventions_block: $ => prec.right(seq(
      choice('conventions', 'convention'),
      optional(field('name', $.identifier)),
      optional(field('title', $.string)),
      field('body', $.rule_block),
    )),

    // `constraints { "No PII" perf "p99 < 200ms" }`, or a singular block's `description`/`rule`.
    rule_block: $ => seq('{', repeat(choice($.rule_entry, alias($._rule_unknown, $.unknown_statement))), '}'),

    // A well-formed entry that is not `key "rule"`: `performance { latency "p99" }`,
    // `owner "Ops" { ... }`, `budget 200`, `regions ["eu"]`, `store: Postgres`. Only a body may
    // follow a first string, so `a "x" "y"` stays two rules, as the Go parser reads it, and no
    // string follows a value: a string on the next line is a rule of its own.
    _rule_unknown: $ => prec.dynamic(-1, prec.right(seq(
      field('key', $._identifier),
      optional(':'),
      choice(
        field('body', $.unknown_body),
        seq(field('value', $.string), field('body', $.unknown_body)),
        seq(
          repeat1(field('value', $._unknown_non_string)),
          optional(field('body', $.unknown_body)),
        ),
      ),
    ))),

    rule_entry: $ => seq(
      optional(field('key', $._identifier)),
      optional(':'),
      field('value', $.string),
    ),

    extend_declaration: $ => seq(
      'extend',
      field('target', $.path),
      field('body', $.element_body),
    ),

    // ---------------------------------------------------------------------------------------
    // Contracts (2025-11-27 onwards) and forward compatibility
    // ---------------------------------------------------------------------------------------

    // `contracts { api CreateOrder { version "1" request { id: String } } }`.
    contracts_block: $ => seq('contracts', field('body', $.contracts_body)),

    contracts_body: $ => seq('{', repeat($.contract_declaration), '}'),

    contract_declaration: $ => seq(
      field('kind', alias(choice('api', 'event', 'data', 'contract'), $.identifier)),
      field('name', $._identifier),
      optional(field('title', $.string)),
      field('body', $.unknown_body),
    ),

    // A statement no grammar in the history defines but that is well formed: `key "value"`,
    // `key value`, `key: Type<Item>?`, `key [list]`, `key { ... }`, `key "title" { ... }`.
    // The reader keeps it as an unknown property of its parent; it is never an element.
    unknown_statement: $ => prec.dynamic(-1, prec.right(seq(
      // Keywords that never start a statement of their own may be keys too: `order: OrderId`.
      field('key', choice($.identifier, alias(choice(...KEYWORD_KEYS), $.identifier))),
      ...unknownTail($),
    ))),

    _unknown_value: $ => choice($.string, $._unknown_non_string),

    _unknown_non_string: $ => choice(
      $.number,
      $.string_list,
      $.tag_reference,
      seq($._same_line, $.type_expression),
    ),

    // `Cache`, `Shop.API`, `List<Item>?`, `OrderItem[]`: words that stand for a value.
    type_expression: $ => prec.right(seq(
      $.path,
      optional($._type_suffix),
    )),

    // `<Item>`, `[]`, `?` make a value no declaration can be: a parse that reads them as a
    // type wins over one that reads `items Item` as a declaration followed by a bare list.
    _type_suffix: $ => prec.dynamic(1, choice(
      seq(seq('<', $.type_expression, repeat(seq(',', $.type_expression)), '>'), optional('[]'), optional('?')),
      seq('[]', optional('?')),
      '?',
    )),

    unknown_body: $ => seq('{', repeat(item($, choice(
      $._statement,
      $.external_property,
      $.tags_property,
      $.properties_block,
      $.string,
      $.string_list,
      $.number,
      $.tag_reference,
      $.unknown_item,
      $.journey_step,
    ))), '}'),

    // `Cart <- Shop "x"` and `A <-> B`: journey steps (2025-11-27), only inside unknown blocks.
    journey_step: $ => prec.right(seq(
      field('source', $.path),
      choice('<-', '<->'),
      field('target', $.path),
      optional(field('title', $.string)),
    )),

    // A bare name in an unknown block: `publishers { Shop.API Billing }` (2025-11-27).
    unknown_item: $ => prec.dynamic(-2, seq($.identifier, repeat(seq('.', $.identifier)))),

    // ---------------------------------------------------------------------------------------
    // Primitives
    // ---------------------------------------------------------------------------------------

    path: $ => seq(
      field('segment', $._identifier),
      repeat(seq('.', field('segment', $._identifier))),
    ),

    _identifier: $ => choice(
      $.identifier,
      alias(choice(...CONTEXTUAL_KEYWORDS, ...ANONYMOUS_KINDS), $.identifier),
    ),

    identifier: _ => IDENT,

    tag_reference: _ => token(seq('#', IDENT)),

    // One token, so that `//` inside a string is never a comment. Strings may span lines.
    string: _ => token(choice(
      /"""([^"]|"[^"]|""[^"])*"""/,
      /"([^"\\]|\\(.|\n))*"/,
      /'([^'\\]|\\(.|\n))*'/,
    )),

    number: _ => /\d+(\.\d+)?/,

    comment: _ => token(choice(
      seq('//', /[^\r\n]*/),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),
  },
});

// -------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------

/**
 * One item of a block: the scanner marks the items that start with `name =` or `a -> b` with a
 * zero-width `_statement_start`, so that an incremental reparse can reuse them whole.
 * @param {GrammarSymbols<string>} $
 * @param {RuleOrLiteral} rule
 */
function item($, rule) {
  return seq(optional($._statement_start), rule, optional($._statement_end));
}

/**
 * What may follow an unknown statement's key: values and an optional body, or a body alone.
 * @param {GrammarSymbols<string>} $
 */
function unknownTail($) {
  return [
    choice(
      seq(
        optional(':'),
        repeat1(field('value', $._unknown_value)),
        optional(field('body', $.unknown_body)),
      ),
      seq(optional(':'), field('body', $.unknown_body)),
    ),
  ];
}

/**
 * What may follow an element's kind and name, in both declaration forms.
 * @param {GrammarSymbols<string>} $
 */
function elementTail($) {
  return [
    // A path, for LikeC4-style `api = containerInstance Shop.API`.
    optional(seq($._same_line, field('subkind', $.path))),
    optional(seq(
      field('title', $.string),
      optional(field('description', $.string)),
      // `P = policy "x" category "security"` (docs form; Go rejects it), same line only.
      repeat(seq($._same_line, field('property', $.inline_property))),
    )),
    repeat(field('tag', $.tag_reference)),
    optional(field('body', $.element_body)),
  ];
}
