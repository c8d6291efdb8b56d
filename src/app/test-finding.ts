import type { Finding } from '../core/finding.ts';

/** A finding for unit tests of the app's builders. */
export function testFinding(over: Partial<Finding> = {}): Finding {
  return {
    file: 'apps/web.yaml',
    line: 16,
    column: 11,
    endLine: 16,
    endColumn: 30,
    policy: 'pin-tags',
    rule: 'no-latest',
    layer: 'operations',
    severity: 'high',
    action: 'Enforce',
    status: 'fail',
    message: 'Pin the image.',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
    path: '/spec/template/spec/containers/0/image',
    fixable: false,
    ...over,
  };
}
