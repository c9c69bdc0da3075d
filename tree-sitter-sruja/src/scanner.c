// External scanner for tree-sitter-sruja.
//
// Sruja has no statement terminator. The Go parser ignores newlines, so `A -> B` followed by a
// line `C = system "C"` takes `C` as the relation's verb and then fails. We fix that on purpose:
// a relation verb or an element subkind is only taken from the same line. The grammar asks for
// the zero-width token SAME_LINE before such a word; this scanner emits it only when the next
// word starts on the current line and is not itself the start of another statement.
//
// STATEMENT_END and STATEMENT_START (both zero-width, in that order) mark the boundary before a
// word that starts a statement of its own (`C = ...`, `A.B -> C`). They exist for incremental
// parsing: without them the previous statement reduces on the next statement's first token, the
// grammar's `word` token, and tree-sitter reuses a subtree that starts with the word token only
// in the exact parse state it was lexed in, which a reparse never reaches; so every statement
// after an edit was reparsed token by token. With them, a statement ends on STATEMENT_END and
// the next one starts with STATEMENT_START, lexed in a state that does not depend on the previous
// statement, and the reparse reuses whole statements. Both are optional in the grammar: a
// statement without them (keyword-first ones, `layer Presentation`) parses as before.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <wctype.h>

enum TokenType {
  SAME_LINE,
  STATEMENT_START,
  STATEMENT_END,
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

// Reads past the word (or dotted path) at the lexer: is it followed by `=` or `->`, so that it
// starts a statement of its own (`C = system "C"`, `A.B -> C`)?
static bool starts_statement(TSLexer *lexer) {
  for (;;) {
    while (is_word_char(lexer->lookahead)) {
      if (lexer->lookahead == '-') {
        lexer->advance(lexer, false);
        if (lexer->lookahead == '>') return true;
        continue;
      }
      lexer->advance(lexer, false);
    }
    skip_blanks(lexer);
    if (lexer->lookahead != '.') break;
    lexer->advance(lexer, false);
    skip_blanks(lexer);
    if (!is_word_start(lexer->lookahead)) return false;
  }
  switch (lexer->lookahead) {
    case '=':
      return true;
    case '-':
      lexer->advance(lexer, false);
      return lexer->lookahead == '>';
    default:
      return false;
  }
}

bool tree_sitter_sruja_external_scanner_scan(void *payload, TSLexer *lexer,
                                             const bool *valid_symbols) {
  (void)payload;
  // In error recovery every symbol is valid; let the internal lexer handle that case.
  if (valid_symbols[ERROR_SENTINEL]) return false;
  bool same_line = valid_symbols[SAME_LINE];
  bool statement_start = valid_symbols[STATEMENT_START];
  bool statement_end = valid_symbols[STATEMENT_END];
  if (!same_line && !statement_start && !statement_end) return false;

  skip_blanks(lexer);
  bool new_line = false;
  if (statement_start || statement_end) {
    while (lexer->lookahead == '\n' || lexer->lookahead == '\r' || lexer->lookahead == ' ' ||
           lexer->lookahead == '\t') {
      if (lexer->lookahead == '\n' || lexer->lookahead == '\r') new_line = true;
      lexer->advance(lexer, true);
    }
  }
  if (!is_word_start(lexer->lookahead)) return false;
  lexer->mark_end(lexer);
  bool statement = starts_statement(lexer);

  // A word on the same line that does not start a statement of its own continues this one
  // (a relation verb, a subkind, a value).
  if (same_line && !new_line && !statement) {
    lexer->result_symbol = SAME_LINE;
    return true;
  }
  if (statement_end && statement) {
    lexer->result_symbol = STATEMENT_END;
    return true;
  }
  if (statement_start && statement) {
    lexer->result_symbol = STATEMENT_START;
    return true;
  }
  return false;
}
