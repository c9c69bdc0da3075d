/**
 * Webhook routing. Probot has verified the signature; each handler hands the delivery to
 * `accept` (run it in this process, or put it on the queue) and returns, so GitHub gets its
 * answer at once and the review runs off the request path.
 */
import type { Probot } from 'probot';
import type { EventContext } from './reviewer.js';
import { deliveryOf, jobSourceFor, SUBSCRIBED, type Delivery } from './deliveries.js';
import type { JobSource } from './reviewer.js';

export { PULL_REQUEST_ACTIONS } from './deliveries.js';

export type Accept = (delivery: Delivery, source: JobSource, context: EventContext) => Promise<void>;

export function registerHandlers(app: Probot, accept: Accept): void {
  app.on([...SUBSCRIBED], async (context) => {
    const delivery = deliveryOf(context);
    const source = jobSourceFor(delivery);
    if (!source) return;
    await accept(delivery, source, { id: context.id, name: context.name, payload: delivery.payload, octokit: context.octokit, log: context.log });
  });
}
