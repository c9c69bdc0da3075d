; Sruja locals. An element body opens a scope; element, kind, tag and view names are
; definitions; path segments (relation endpoints, view expressions, `of`, `extend`) are
; references. Sruja resolves names model-wide (REFERENCE.md section 15), so this is an editor
; aid, not the resolver.

; Scopes
;-------

[
  (source_file)
  (element_body)
  (statement_block)
] @local.scope

; Definitions
;------------

(element_declaration
  name: (identifier) @local.definition)

(kind_definition
  name: (identifier) @local.definition)

(tag_definition
  name: (identifier) @local.definition)

(view_declaration
  name: (identifier) @local.definition)

; References
;-----------

(relation
  source: (path
    (identifier) @local.reference))

(relation
  target: (path
    (identifier) @local.reference))

(step
  source: (path
    (identifier) @local.reference))

(step
  target: (path
    (identifier) @local.reference))

(element_expression
  path: (path
    (identifier) @local.reference))
