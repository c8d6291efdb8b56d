import { describe, expect, it } from 'vitest';
import { anchorKey, isUnknownAnchor, parseAnchor, resourceKeyOf } from './anchors.ts';

describe('parseAnchor', () => {
  it.each([
    ['(name)', 'condition', 'name'],
    ['<(image)', 'global', 'image'],
    ['=(securityContext)', 'equality', 'securityContext'],
    ['^(containers)', 'existence', 'containers'],
    ['X(hostPath)', 'negation', 'hostPath'],
    ['+(imagePullPolicy)', 'add-if-not-present', 'imagePullPolicy'],
    ['=(app.kubernetes.io/name)', 'equality', 'app.kubernetes.io/name'],
    [' (name) ', 'condition', 'name'],
  ])('%j is a %s anchor on %j', (raw, kind, key) => {
    expect(parseAnchor(raw)).toEqual({ kind, key });
  });

  it.each(['name', '()', '=()', 'Y(name)', '(name', 'name)', 'x(name)', '=name'])('%j is a plain key', (raw) => {
    expect(parseAnchor(raw)).toBeUndefined();
  });

  it('writes anchors back and strips them from keys', () => {
    expect(anchorKey({ kind: 'negation', key: 'hostPath' })).toBe('X(hostPath)');
    expect(anchorKey({ kind: 'condition', key: 'name' })).toBe('(name)');
    expect(resourceKeyOf('=(volumes)')).toBe('volumes');
    expect(resourceKeyOf('volumes')).toBe('volumes');
  });

  it('recognises keys shaped like anchors with an unknown modifier', () => {
    expect(isUnknownAnchor('x(hostPath)')).toBe(true);
    expect(isUnknownAnchor('!(name)')).toBe(true);
    expect(isUnknownAnchor('X(hostPath)')).toBe(false);
    expect(isUnknownAnchor('(name)')).toBe(false);
    expect(isUnknownAnchor('name')).toBe(false);
    expect(isUnknownAnchor('ab(c)')).toBe(false);
  });
});
