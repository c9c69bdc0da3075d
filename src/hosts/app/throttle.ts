/**
 * Pacing of the app's writes with @octokit/plugin-throttling (as Probot wires it), with two
 * changes: the groups are keyed per installation (GitHub counts secondary limits per
 * installation token, so one busy installation does not slow the others), and their spacing is
 * ours to set (SRUJA_WRITE_INTERVAL_MS; notifying writes such as comments get three times it,
 * as the plugin does). With Redis, Bottleneck keeps the groups' state there, so every instance
 * shares one pace per installation. The plugin's own retries on rate limits are declined:
 * withRetries() retries, with the same policy as the action.
 */
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { ThrottleFor } from './client.js';

export function throttleFor(writeIntervalMs: number, redis?: Redis): { options: ThrottleFor; close: () => Promise<void> } {
  const connection = redis ? new Bottleneck.IORedisConnection({ client: redis }) : undefined;
  // The keys' state expires in Redis two minutes after their last use (the plugin's default).
  const common = { timeout: 120_000, ...(connection ? { connection } : {}) };
  const write = new Bottleneck.Group({ id: 'sruja-review-write', maxConcurrent: 1, minTime: writeIntervalMs, ...common });
  const notifications = new Bottleneck.Group({ id: 'sruja-review-notifications', maxConcurrent: 1, minTime: writeIntervalMs * 3, ...common });
  const decline = () => false;
  return {
    options: (installationId) => ({
      id: `installation-${installationId}`,
      Bottleneck,
      ...(connection ? { connection } : {}),
      write,
      notifications,
      onRateLimit: decline,
      onSecondaryRateLimit: decline,
    }),
    close: async () => {
      await connection?.disconnect(false);
    },
  };
}
