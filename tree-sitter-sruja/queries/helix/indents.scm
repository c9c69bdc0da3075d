; Sruja indentation for Helix (its @indent / @outdent captures): copy to
; runtime/queries/sruja/indents.scm.

[
  (element_body)
  (statement_block)
  (specification_body)
  (views_body)
  (view_body)
  (settings_block)
  (deployment_body)
  (rule_block)
  (contracts_body)
  (unknown_body)
  (string_list)
] @indent

[
  "}"
  "]"
] @outdent
