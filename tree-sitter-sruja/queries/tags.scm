; Sruja tags: declarations are definitions, relationship endpoints and view expressions are
; references. Tested by test/tags/*.sruja.

; Definitions
;------------

(element_declaration
  name: (identifier) @name) @definition.class

(kind_definition
  name: (identifier) @name) @definition.type

(kind_declaration
  name: (identifier) @name) @definition.type

(view_declaration
  name: (identifier) @name) @definition.module

(deployment_node
  name: (identifier) @name) @definition.module

; References
;-----------

(relation
  source: (path) @name) @reference.class

(relation
  target: (path) @name) @reference.class

(step
  source: (path) @name) @reference.class

(step
  target: (path) @name) @reference.class

(element_expression
  path: (path) @name) @reference.class

(view_declaration
  of: (path) @name) @reference.class

(extend_declaration
  target: (path) @name) @reference.class

(container_instance
  target: (path) @name) @reference.class
