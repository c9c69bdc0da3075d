; Sruja indentation (nvim-treesitter's captures): a braced body indents what it holds; its
; closing brace goes back to the opening line's level.

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
] @indent.begin

[
  "}"
  "]"
] @indent.branch @indent.end

(comment) @indent.auto
