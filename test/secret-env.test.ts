/**
 * Issue 12: no-secret-literal-env flags a literal secret on its env entry, and leaves file
 * paths and switches alone (GOOGLE_APPLICATION_CREDENTIALS: /var/secrets/…, MYSQL_ALLOW_EMPTY_PASSWORD: "1").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-secret-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: leaky
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.2.0
      env:
        - name: MYSQL_ALLOW_EMPTY_PASSWORD
          value: "1"
        - name: GOOGLE_APPLICATION_CREDENTIALS
          value: /var/secrets/google/key.json
        - name: DB_PASSWORD
          value: hunter2
`;

describe('no-secret-literal-env', () => {
  it('reports the literal secret on its env entry, and not the path or the switch', async () => {
    writeFileSync(join(dir, 'pod.yaml'), pod);
    let out = '';
    await run(['check', 'pod.yaml', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
    const findings = (JSON.parse(out) as { findings: { policy: string; line: number; path: string; message: string }[] }).findings.filter((f) => f.policy === 'no-secret-literal-env');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(pod.split('\n')[finding!.line - 1]).toBe('          value: hunter2');
    expect(finding!.path).toBe('/spec/containers/0/env/2/value');
    expect(finding!.message).toMatch(/^Container 'app' sets DB_PASSWORD to a literal value/);
    expect(finding!.message).not.toMatch(/MYSQL_ALLOW_EMPTY_PASSWORD|GOOGLE_APPLICATION_CREDENTIALS/);
  });
});
