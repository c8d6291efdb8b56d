/**
 * Deterministic generator of realistic manifests for the benchmark: workloads of every
 * controller kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob, bare Pods) with and without security contexts, probes, resources and env,
 * and Services, Ingresses and ConfigMaps — a mix of good and bad settings, as YAML texts
 * of `perFile` documents each (1: one resource per file).
 */
import { appendAll } from '../src/core/append-all.ts';

/** A small deterministic PRNG (mulberry32), so every run measures the same input. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['nginx:1.27', 'ghcr.io/acme/api:2.3.1', 'docker.io/library/redis:latest', 'busybox', 'registry.k8s.io/pause:3.9', 'quay.io/acme/worker@sha256:' + 'a'.repeat(64)];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function container(rand: () => number, name: string): string[] {
  const lines = [`      - name: ${name}`, `        image: ${pick(rand, IMAGES)}`];
  if (rand() < 0.7) lines.push('        ports:', `          - containerPort: ${8000 + Math.floor(rand() * 100)}`);
  if (rand() < 0.6) lines.push('        resources:', '          requests:', '            cpu: 100m', '            memory: 128Mi', '          limits:', '            memory: 256Mi');
  if (rand() < 0.5) lines.push('        livenessProbe:', '          httpGet:', '            path: /healthz', '            port: 8080');
  if (rand() < 0.5) lines.push('        readinessProbe:', '          tcpSocket:', '            port: 8080');
  if (rand() < 0.3) lines.push('        securityContext:', `          privileged: ${rand() < 0.3}`, '          runAsNonRoot: true', '          allowPrivilegeEscalation: false');
  else if (rand() < 0.4) lines.push('        securityContext:', '          allowPrivilegeEscalation: false', '          capabilities:', '            drop: ["ALL"]');
  if (rand() < 0.3) lines.push('        env:', '          - name: LOG_LEVEL', '            value: info', '          - name: DB_PASSWORD', '            value: hunter2');
  return lines;
}

function podSpec(rand: () => number, indent: string, restartPolicy?: string): string[] {
  const lines = ['spec:'];
  if (restartPolicy) lines.push(`  restartPolicy: ${restartPolicy}`);
  if (rand() < 0.2) lines.push('  hostNetwork: true');
  if (rand() < 0.5) lines.push('  automountServiceAccountToken: false');
  if (rand() < 0.35) lines.push('  securityContext:', '    runAsNonRoot: true', '    seccompProfile:', '      type: RuntimeDefault');
  lines.push('  containers:');
  const count = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < count; i++) appendAll(lines, container(rand, `c${i}`).map((l) => l.slice(2)));
  return lines.map((l) => indent + l);
}

function metadata(name: string, rand: () => number): string[] {
  const lines = ['metadata:', `  name: ${name}`, `  namespace: team-${Math.floor(rand() * 5)}`];
  if (rand() < 0.6) lines.push('  labels:', `    app.kubernetes.io/name: ${name}`, '    app.kubernetes.io/instance: prod');
  return lines;
}

/** The pod-controller kinds, with their apiVersion. */
export const WORKLOAD_KINDS: readonly (readonly [string, string])[] = [
  ['Deployment', 'apps/v1'],
  ['StatefulSet', 'apps/v1'],
  ['DaemonSet', 'apps/v1'],
  ['ReplicaSet', 'apps/v1'],
  ['ReplicationController', 'v1'],
  ['Job', 'batch/v1'],
  ['CronJob', 'batch/v1'],
  ['Pod', 'v1'],
];

const OTHER_KINDS: readonly (readonly [string, string])[] = [
  ['Service', 'v1'],
  ['Ingress', 'networking.k8s.io/v1'],
  ['ConfigMap', 'v1'],
];

const KINDS = [...WORKLOAD_KINDS, ...OTHER_KINDS];
const WORKLOADS = new Set(WORKLOAD_KINDS.map(([kind]) => kind));

function workload(kind: string, apiVersion: string, name: string, rand: () => number): string[] {
  const lines = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, ...metadata(name, rand)];
  switch (kind) {
    case 'Pod':
      return [...lines, ...podSpec(rand, '')];
    case 'CronJob':
      return [...lines, 'spec:', '  schedule: "*/5 * * * *"', '  jobTemplate:', '    spec:', '      template:', '        metadata:', `          labels: {app: ${name}}`, ...podSpec(rand, '        ', 'OnFailure')];
    case 'Job':
      return [...lines, 'spec:', `  backoffLimit: ${Math.floor(rand() * 6)}`, '  template:', '    metadata:', `      labels: {app: ${name}}`, ...podSpec(rand, '    ', 'Never')];
    case 'ReplicationController':
      return [...lines, 'spec:', `  replicas: ${1 + Math.floor(rand() * 4)}`, '  selector:', `    app: ${name}`, '  template:', '    metadata:', `      labels: {app: ${name}}`, ...podSpec(rand, '    ')];
    default: {
      const replicas = kind === 'DaemonSet' ? [] : [`  replicas: ${1 + Math.floor(rand() * 4)}`];
      return [...lines, 'spec:', ...replicas, '  selector:', `    matchLabels: {app: ${name}}`, '  template:', '    metadata:', `      labels: {app: ${name}}`, ...podSpec(rand, '    ')];
    }
  }
}

function other(kind: string, name: string, rand: () => number): string[] {
  switch (kind) {
    case 'Service':
      return ['apiVersion: v1', 'kind: Service', ...metadata(name, rand), 'spec:', `  type: ${pick(rand, ['ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'])}`, '  ports:', '    - port: 80', '      targetPort: 8080', '  selector:', `    app: ${name}`];
    case 'Ingress':
      return ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', ...metadata(name, rand), 'spec:', '  rules:', `    - host: ${name}.example.com`, '      http:', '        paths:', '          - path: /', '            pathType: Prefix', '            backend:', '              service:', `                name: ${name}`, '                port: {number: 80}'];
    default:
      return ['apiVersion: v1', 'kind: ConfigMap', ...metadata(name, rand), 'data:', '  key: "value"', `  other: '${Math.floor(rand() * 1000)}'`];
  }
}

/** The text of resource number `i` (with a leading comment, as people write them). */
function resourceText(i: number, rand: () => number): string {
  const [kind, apiVersion] = pick(rand, KINDS);
  const name = `${kind.toLowerCase()}-${i}`;
  const lines = WORKLOADS.has(kind) ? workload(kind, apiVersion, name, rand) : other(kind, name, rand);
  return `# ${kind} number ${i}\n${lines.join('\n')}\n`;
}

/**
 * `count` resources spread over files of `perFile` documents, each file handed to `onFile`
 * as it is complete (so a 100,000-resource tree never sits in memory at once).
 */
export function eachGeneratedFile(count: number, perFile: number, seed: number, onFile: (file: string, text: string) => void): number {
  const rand = random(seed);
  let docs: string[] = [];
  let files = 0;
  for (let i = 0; i < count; i++) {
    docs.push(resourceText(i, rand));
    if (docs.length === perFile || i === count - 1) {
      onFile(`bench/generated/file-${files}.yaml`, docs.join('---\n'));
      files++;
      docs = [];
    }
  }
  return files;
}

/** `count` resources spread over files of `perFile` documents: [{file, text}]. */
export function generateManifests(count: number, perFile = 20, seed = 42): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  eachGeneratedFile(count, perFile, seed, (file, text) => files.push({ file, text }));
  return files;
}
