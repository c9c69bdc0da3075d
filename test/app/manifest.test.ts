import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

describe('app.yml', () => {
  const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('asks for exactly the permissions and events the app uses', () => {
    expect(manifest.default_permissions).toEqual({ checks: 'write', contents: 'read', pull_requests: 'write', metadata: 'read', merge_queues: 'read' });
    expect(manifest.default_events).toEqual(['pull_request', 'check_suite', 'check_run', 'merge_group']);
  });

  // GitHub only delivers an event to an App holding the permission behind it (docs: "Webhook
  // events and payloads", the "Availability" of each event). An event subscribed without it is
  // silently never sent: merge_group without merge_queues once stalled merge queues.
  const permissionFor: Record<string, string> = {
    pull_request: 'pull_requests',
    check_suite: 'checks',
    check_run: 'checks',
    merge_group: 'merge_queues',
  };

  it.each(['pull_request', 'check_suite', 'check_run', 'merge_group'])('holds the permission GitHub needs to deliver %s', (event) => {
    const permissions = manifest.default_permissions as Record<string, string>;
    const needed = permissionFor[event]!;
    expect(['read', 'write']).toContain(permissions[needed]);
  });

  it('subscribes only to events whose permission is known here', () => {
    for (const event of manifest.default_events as string[]) expect(Object.keys(permissionFor), `${event} has no permission mapping`).toContain(event);
  });

  it('leaves the webhook URL to Probot setup, and is private by default', () => {
    expect(manifest.hook_attributes).toBeUndefined();
    expect(manifest.public).toBe(false);
    expect(typeof manifest.name).toBe('string');
  });

  it('is started by `npm run app` from the bundle', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.app).toBe('probot run ./dist/app.js');
  });
});
