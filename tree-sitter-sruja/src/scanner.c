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
  UNKNOWN_AHEAD,
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

enum PathEnd { PATH_ARROW, PATH_DANGLING, PATH_DONE };

// Reads past the word (or dotted path) at the lexer: PATH_ARROW when a `->` follows a word with
// no space (`A->B`), PATH_DANGLING when a `.` is followed by no word, else PATH_DONE with the
// lexer at what follows the path (blanks skipped).
static enum PathEnd skip_path(TSLexer *lexer) {
  for (;;) {
    while (is_word_char(lexer->lookahead)) {
      if (lexer->lookahead == '-') {
        lexer->advance(lexer, false);
        if (lexer->lookahead == '>') return PATH_ARROW;
        continue;
      }
      lexer->advance(lexer, false);
    }
    skip_blanks(lexer);
    if (lexer->lookahead != '.') return PATH_DONE;
    lexer->advance(lexer, false);
    skip_blanks(lexer);
    if (!is_word_start(lexer->lookahead)) return PATH_DANGLING;
  }
}

// Reads past the word (or dotted path) at the lexer: is it followed by `=` or `->`, so that it
// starts a statement of its own (`C = system "C"`, `A.B -> C`)?
static bool starts_statement(TSLexer *lexer) {
  switch (skip_path(lexer)) {
    case PATH_ARROW: return true;
    case PATH_DANGLING: return false;
    case PATH_DONE: break;
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

enum WordFollower { CONTINUES, STARTS_STATEMENT, STARTS_UNKNOWN };

// At the end of an include list, the lexer is at a word on the same line: the next name of the
// list, or the key of an unknown statement. What follows the word (or dotted path) decides: `=`
// or `->` start a statement of their own; a string that is not a relation pattern ("->Shop->"),
// a list, a block, a colon, a number, a tag, a type suffix or a word with one (`List<Item>`)
// is only held by an unknown statement; anything else (a word, a comma, a selector, the line's end) keeps the list going
// (`include A B C`, `include A.*`).
static enum WordFollower word_follower(TSLexer *lexer) {
  switch (skip_path(lexer)) {
    case PATH_ARROW: return STARTS_STATEMENT;
    case PATH_DANGLING: return CONTINUES;
    case PATH_DONE: break;
  }
  int32_t c = lexer->lookahead;
  if (c == '=') return STARTS_STATEMENT;
  if (c == '-') {
    lexer->advance(lexer, false);
    return lexer->lookahead == '>' ? STARTS_STATEMENT : CONTINUES;
  }
  if (c == '"' || c == '\'') {
    int32_t quote = c;
    int32_t previous = 0;
    lexer->advance(lexer, false);
    while (lexer->lookahead != quote && !lexer->eof(lexer)) {
      int32_t d = lexer->lookahead;
      if ((previous == '-' && d == '>') || (previous == '<' && d == '-')) return CONTINUES;
      if (d == '\\') {
        lexer->advance(lexer, false);
        d = 0;
      }
      previous = d;
      lexer->advance(lexer, false);
    }
    return STARTS_UNKNOWN;
  }
  if (c == '[' || c == '{' || c == ':' || c == '#' || c == '<' || c == '?' || (c >= '0' && c <= '9')) {
    return STARTS_UNKNOWN;
  }
  // `items List<Item>`, `items Item[]`, `owner Team?`: a second word with a type suffix.
  if (is_word_start(c)) {
    while (is_word_char(lexer->lookahead) || lexer->lookahead == '.') lexer->advance(lexer, false);
    c = lexer->lookahead;
    if (c == '<' || c == '[' || c == '?') return STARTS_UNKNOWN;
  }
  return CONTINUES;
}

bool tree_sitter_sruja_external_scanner_scan(void *payload, TSLexer *lexer,
                                             const bool *valid_symbols) {
  (void)payload;
  // In error recovery every symbol is valid; let the internal lexer handle that case.
  if (valid_symbols[ERROR_SENTINEL]) return false;
  bool same_line = valid_symbols[SAME_LINE];
  bool statement_start = valid_symbols[STATEMENT_START];
  bool statement_end = valid_symbols[STATEMENT_END];
  bool unknown_ahead = valid_symbols[UNKNOWN_AHEAD];
  if (!same_line && !statement_start && !statement_end && !unknown_ahead) return false;

  skip_blanks(lexer);
  // Only at the end of an include list, and never with statement tokens in play (the list's
  // state allows neither).
  if (unknown_ahead && !statement_start && !statement_end) {
    if (!is_word_start(lexer->lookahead)) return false;
    lexer->mark_end(lexer);
    switch (word_follower(lexer)) {
      case STARTS_UNKNOWN:
        lexer->result_symbol = UNKNOWN_AHEAD;
        return true;
      case CONTINUES:
        if (!same_line) return false;
        lexer->result_symbol = SAME_LINE;
        return true;
      default:
        return false;
    }
  }
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
