; Sruja highlights. Generic captures first, then captures refined by field, then literals and
; tokens. Every capture here is exercised by test/highlight/*.sruja.

; Identifiers
;------------

(identifier) @variable

; Declarations
;-------------

(element_declaration
  name: (identifier) @variable)

(element_declaration
  kind: (identifier) @type)

((element_declaration
  kind: (identifier) @type.builtin)
  (#any-of? @type.builtin
    "person" "system" "container" "component" "database" "queue"
    "requirement" "adr" "policy" "scenario" "story" "flow"))

(element_declaration
  subkind: (path
    (identifier) @type))

(kind_definition
  name: (identifier) @type)

(kind_declaration
  name: (identifier) @type)

(tag_definition
  name: (identifier) @attribute)

(tag_declaration
  name: (identifier) @attribute)

(view_declaration
  name: (identifier) @module)

(view_declaration
  extends: (identifier) @module)

(deployment_node
  name: (identifier) @module)

(infrastructure_node
  name: (identifier) @module)

(import_declaration
  item: (identifier) @type)

; Relations
;----------

(relation
  verb: (identifier) @function)

(relation_tags
  (identifier) @attribute)

; Properties and settings
;------------------------

(property_key) @property

(setting
  key: (identifier) @property)

(setting
  value: (path
    (identifier) @constant))

(rule_entry
  key: (identifier) @property)

(auto_layout
  direction: (identifier) @constant)

(style_block
  selector: (identifier) @type)

(constraints_block
  name: (identifier) @variable)

(unknown_statement
  key: (identifier) @property)

(contract_declaration
  kind: (identifier) @type.builtin)

(contract_declaration
  name: (identifier) @type)

(typed_view
  type: (identifier) @keyword)

(conventions_block
  name: (identifier) @variable)

; Keywords
;---------

[
  "architecture"
  "specification"
  "model"
  "views"
  "view"
  "kind"
  "tag"
  "element"
  "extends"
  "of"
  "title"
  "include"
  "exclude"
  "autoLayout"
  "autolayout"
  "layout"
  "style"
  "styles"
  "metadata"
  "properties"
  "slo"
  "scale"
  "tags"
  "external"
  "step"
  "order"
  "overview"
  "constraints"
  "constraint"
  "conventions"
  "convention"
  "extend"
  "containerInstance"
  "infrastructure"
  "instanceId"
] @keyword

(deployment_keyword) @keyword

[
  "import"
  "from"
  "as"
  "contracts"
] @keyword

; Literals
;---------

(string) @string

(number) @number

(tag_reference) @attribute

(comment) @comment

; Tokens
;-------

[
  "->"
  "="
] @operator

(wildcard) @operator

(selector) @operator

[
  "."
  ","
  ":"
] @punctuation.delimiter

[
  "{"
  "}"
  "["
  "]"
] @punctuation.bracket
