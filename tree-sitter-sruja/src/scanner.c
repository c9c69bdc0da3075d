// External scanner for tree-sitter-sruja.
//
// Sruja has no statement terminator. The Go parser ignores newlines, so `A -> B` followed by a
// line `C = system "C"` takes `C` as the relation's verb and then fails. We fix that on purpose:
// a relation verb or an element subkind is only taken from the same line. The grammar asks for
// the zero-width token SAME_LINE before such a word; this scanner emits it only when the next
// word starts on the current line and is not itself the start of another statement.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <wctype.h>

enum TokenType {
  SAME_LINE,
  ERROR_SENTINEL,
};

void *tree_sitter_sruja_external_scanner_create(void) { return NULL; }
void tree_sitter_sruja_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_sruja_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_sruja_external_scanner_deserialize(void *payload, const char *buffer,
                                                    unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static bool is_word_start(int32_t c) { return c == '_' || iswalpha((wint_t)c) || c > 0x7f; }

static bool is_word_char(int32_t c) {
  return c == '_' || c == '-' || iswalnum((wint_t)c) || c > 0x7f;
}

static void skip_blanks(TSLexer *lexer) {
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
    lexer->advance(lexer, true);
  }
}

bool tree_sitter_sruja_external_scanner_scan(void *payload, TSLexer *lexer,
                                             const bool *valid_symbols) {
  (void)payload;
  // In error recovery every symbol is valid; let the internal lexer handle that case.
  if (valid_symbols[ERROR_SENTINEL] || !valid_symbols[SAME_LINE]) return false;

  skip_blanks(lexer);
  if (!is_word_start(lexer->lookahead)) return false;
  lexer->result_symbol = SAME_LINE;
  lexer->mark_end(lexer);

  // Look past the word (or dotted path): if `=` or `->` follows, it starts a statement of its
  // own (`A -> B  C -> D` on one line), so it is not a verb or subkind.
  for (;;) {
    while (is_word_char(lexer->lookahead)) {
      if (lexer->lookahead == '-') {
        lexer->advance(lexer, false);
        if (lexer->lookahead == '>') return false;
        continue;
      }
      lexer->advance(lexer, false);
    }
    skip_blanks(lexer);
    if (lexer->lookahead != '.') break;
    lexer->advance(lexer, false);
    skip_blanks(lexer);
    if (!is_word_start(lexer->lookahead)) return true;
  }
  switch (lexer->lookahead) {
    case '=':
      return false;
    case '-':
      lexer->advance(lexer, false);
      return lexer->lookahead != '>';
    default:
      return true;
  }
}
