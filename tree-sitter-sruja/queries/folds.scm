; Sruja folds (nvim-treesitter's @fold): every braced body, and block comments.

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
  (comment)
] @fold
