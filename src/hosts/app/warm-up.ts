/**
 * One tiny review at start-up, before the app takes webhooks or jobs: compiling the grammar's
 * wasm and the first run through parse, model, diff and render block the event loop for a
 * moment, and that moment must not fall on a webhook waiting for its answer.
 */
import { parseConfig } from '../../config/config.js';
import { renderMarkdown } from '../../render/markdown.js';
import { runReview } from '../../review/run-review.js';
import { memorySource } from '../../workspace/source.js';

export async function warmUp(): Promise<void> {
  const base = 'system = kind "System"\nShop = system "Shop"\n';
  const result = await runReview({
    base: memorySource({ 'warm-up.sruja': base }),
    head: memorySource({ 'warm-up.sruja': `${base}Billing = system "Billing"\nShop -> Billing "bills"\n` }),
    config: parseConfig(''),
    approved: false,
  });
  renderMarkdown(result, { markerId: 'warm-up', headSha: '0'.repeat(40), maxChars: 65_000, notes: [] });
}
