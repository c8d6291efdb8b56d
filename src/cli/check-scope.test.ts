import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScope } from './check-scope.ts';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-scope-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('checkScope', () => {
  it('roots paths at the git top level and finds the configuration above a subdirectory or a file', () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.github/preadmit.yml': 'allowedRegistries: [x/*]\n', 'apps/web/app.yaml': '' });
    const scoped = checkScope(['web', 'web/app.yaml'], join(dir, 'apps'));
    expect(scoped).toEqual({
      ok: true,
      scope: {
        root: dir,
        rootKind: 'git',
        targets: [
          { given: 'web', path: 'apps/web', directory: true, config: join(dir, '.github', 'preadmit.yml') },
          { given: 'web/app.yaml', path: 'apps/web/app.yaml', directory: false, config: join(dir, '.github', 'preadmit.yml') },
        ],
      },
    });
  });

  it('takes the nearest configuration between a path and the root', () => {
    const dir = tree({ '.git/HEAD': '', '.github/preadmit.yml': '', 'team/.github/preadmit.yml': '', 'team/a.yaml': '', 'b.yaml': '' });
    const scoped = checkScope(['team/a.yaml', 'b.yaml'], dir);
    expect(scoped.ok && scoped.scope.targets.map((t) => t.config)).toEqual([join(dir, 'team', '.github', 'preadmit.yml'), join(dir, '.github', 'preadmit.yml')]);
  });

  it('outside git: the directory holding the configuration, else where the command runs, else the checked directory', () => {
    const withConfig = tree({ '.github/preadmit.yml': '', 'apps/a.yaml': '' });
    expect(checkScope(['.'], join(withConfig, 'apps'))).toMatchObject({ ok: true, scope: { root: withConfig, rootKind: 'config', targets: [{ path: 'apps' }] } });
    const plain = tree({ 'apps/a.yaml': '' });
    expect(checkScope(['apps/a.yaml'], plain)).toMatchObject({ ok: true, scope: { root: plain, rootKind: 'directory', targets: [{ path: 'apps/a.yaml' }] } });
    expect(checkScope([join(plain, 'apps')], tree({}))).toMatchObject({ ok: true, scope: { root: join(plain, 'apps'), targets: [{ path: '.' }] } });
  });

  it('refuses paths of two repositories and missing paths', () => {
    const one = tree({ '.git/HEAD': '', 'a.yaml': '' });
    const two = tree({ '.git/HEAD': '', 'b.yaml': '' });
    const mixed = checkScope([join(one, 'a.yaml'), join(two, 'b.yaml')], tmpdir());
    expect(mixed.ok).toBe(false);
    expect(!mixed.ok && mixed.message).toMatch(/different repositories/);
    expect(checkScope(['nope.yaml'], one)).toEqual({ ok: false, message: 'no such file or directory: nope.yaml' });
  });
});
