; Comments are handed to the `comment` grammar where the editor has it (TODO, FIXME, NOTE, URLs).

((comment) @injection.content
  (#set! injection.language "comment"))
