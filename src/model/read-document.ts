/**
 * The document reader's public face. The reader itself lives in `read/`, one module per
 * section of grammar.js; this module keeps the import path other layers use.
 */
export { readDocument, STATEMENT_READERS, type ExtendBlock, type FileModel, type ReadOptions, type StatementType, type UnresolvedRelationship } from './read/reader.js';
export { COMPATIBILITY_CODE, KEYWORD_FIRST_KINDS, LEGACY_FORMS, SCENARIO_KINDS, UNKNOWN_CODE } from './read/legacy.js';
export { identifierFromTitle, normalisedText } from './read/properties.js';
