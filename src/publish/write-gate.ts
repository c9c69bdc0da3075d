/**
 * Writes that the token may not be allowed to make (comment, check run). A read-only token
 * (fork pull requests, Dependabot) answers 403 to every write; after the first one we stop
 * trying, say so once, and the review still reaches the reader through annotations and the
 * job summary.
 */
import { githubMessage, isPermissionDenied } from './github-client.js';

export class WriteGate {
  private deniedBy: string | undefined;

  constructor(private readonly onDenied: (message: string) => void) {}

  get readOnly(): boolean {
    return this.deniedBy !== undefined;
  }

  /**
   * Runs `write` unless an earlier write was refused. Returns undefined when skipped or refused;
   * other errors propagate.
   */
  async attempt<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    if (this.deniedBy !== undefined) return undefined;
    try {
      return await write();
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      this.deniedBy = what;
      this.onDenied(
        `The token cannot write to this repository (${githubMessage(error)}), as on pull requests from forks: skipped the ${what} and every later write. Annotations and the job summary have the full review.`,
      );
      return undefined;
    }
  }
}
