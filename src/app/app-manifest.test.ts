import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBSCRIBED_EVENTS } from './app.ts';

const manifest = parse(readFileSync(fileURLToPath(new URL('../../app.yml', import.meta.url)), 'utf8')) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

describe('app.yml', () => {
  it('subscribes to every event the app handles', () => {
    const events = new Set(SUBSCRIBED_EVENTS.map((e) => e.split('.')[0]));
    for (const event of events) expect(manifest.default_events).toContain(event);
  });
  it('asks for the permissions the app uses', () => {
    expect(manifest.default_permissions).toMatchObject({ checks: 'write', pull_requests: 'write', contents: 'write', metadata: 'read' });
  });
});
