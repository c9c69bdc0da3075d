import type { Node, Point } from 'web-tree-sitter';
import type { SourceLocation, SourceRange } from '../diagnostic.js';

/** tree-sitter points are 0-based; everything we report is 1-based. */
export function rangeOfPoints(start: Point, end: Point): SourceRange {
  return {
    line: start.row + 1,
    column: start.column + 1,
    endLine: end.row + 1,
    endColumn: end.column + 1,
  };
}

export function rangeOfNode(node: Node): SourceRange {
  return rangeOfPoints(node.startPosition, node.endPosition);
}

export function locationOfNode(file: string, node: Node): SourceLocation {
  return { file, ...rangeOfNode(node) };
}
