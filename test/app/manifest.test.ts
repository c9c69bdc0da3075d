import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

describe('app.yml', () => {
  const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('asks for exactly the permissions and events the app uses', () => {
    expect(manifest.default_permissions).toEqual({ checks: 'write', contents: 'read', pull_requests: 'write', metadata: 'read' });
    expect(manifest.default_events).toEqual(['pull_request', 'check_suite', 'check_run', 'merge_group']);
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
