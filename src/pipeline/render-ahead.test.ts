import { describe, expect, it } from 'vitest';
import { renderAhead } from './render-ahead.ts';

/** A render that finishes when told to, recording when it started. */
function controlled(): { render: (item: string) => Promise<string>; started: string[]; finish: (item: string) => void } {
  const started: string[] = [];
  const resolvers = new Map<string, (value: string) => void>();
  return {
    started,
    render: (item) =>
      new Promise<string>((resolve) => {
        started.push(item);
        resolvers.set(item, resolve);
      }),
    finish: (item) => resolvers.get(item)?.(`rendered ${item}`),
  };
}

describe('renderAhead', () => {
  it('starts the next renders while one is taken, each once, and hands them in the order taken', async () => {
    const c = controlled();
    const ahead = renderAhead(['a', 'b', 'c', 'd'], c.render, 1);
    const a = ahead.take('a');
    expect(c.started).toEqual(['a', 'b']);
    c.finish('a');
    expect(await a).toBe('rendered a');
    const b = ahead.take('b');
    // b was already rendering: not started again; c starts meanwhile
    expect(c.started).toEqual(['a', 'b', 'c']);
    c.finish('b');
    expect(await b).toBe('rendered b');
    ahead.take('c');
    ahead.take('d');
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('renders each item when taken with nothing ahead', () => {
    const c = controlled();
    const ahead = renderAhead(['a', 'b'], c.render, 0);
    void ahead.take('a');
    expect(c.started).toEqual(['a']);
    void ahead.take('b');
    expect(c.started).toEqual(['a', 'b']);
  });

  it('hands a failed render to the one who takes it, and never leaves a rejection unhandled meanwhile', async () => {
    const ahead = renderAhead(['a', 'b'], (item) => (item === 'b' ? Promise.reject(new Error('b failed')) : Promise.resolve(item)), 1);
    expect(await ahead.take('a')).toBe('a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(ahead.take('b')).rejects.toThrow('b failed');
  });
});
