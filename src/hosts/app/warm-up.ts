/**
 * One tiny review when a review thread starts, before it takes a review: compiling the
 * grammar's wasm and the first run through parse, model, diff and render take a moment, paid
 * before the app listens rather than by the first pull request.
 */
import { parseConfig } from '../../config/config.js';
import { memorySource } from '../../workspace/source.js';
import { produceReview } from './review-work.js';

export async function warmUp(): Promise<void> {
  const base = 'system = kind "System"\nShop = system "Shop"\n';
  await produceReview(
    {
      config: parseConfig(''),
      approved: false,
      presentation: { markerId: 'warm-up', headSha: '0'.repeat(40) },
      markdown: [{ maxChars: 65_000 }],
    },
    {
      base: memorySource({ 'warm-up.sruja': base }),
      head: memorySource({ 'warm-up.sruja': `${base}Billing = system "Billing"\nShop -> Billing "bills"\n` }),
    },
  );
}
