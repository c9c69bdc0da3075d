/**
 * A review that cannot judge: the models it was asked to review are not there, or limits left a
 * side with nothing readable. Hosts turn it into exit code 2 and a failed check run, never into
 * a passing verdict.
 */
export class ReviewCannotRunError extends Error {
  override readonly name = 'ReviewCannotRunError';
}
