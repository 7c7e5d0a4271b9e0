import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { labelValue } from '../../src/backends/kubernetes/names';

export { freePort } from '../../src/activities/free-port';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const stateDir = process.env.BENCH_K8S_STATE ?? path.join(repo, '.bench/k8s');
export const K8S_KUBECONFIG = path.join(stateDir, 'kubeconfig');

let started: Promise<string> | undefined;

/**
 * Starts the local test cluster (scripts/k8s/up.sh; idempotent, quick when it runs) once per
 * process and returns its admin kubeconfig. A cold first run builds Kubernetes (about 15 min).
 */
export function ensureK8sCluster(): Promise<string> {
  started ??= (async () => {
    await run('bash', [path.join(repo, 'scripts/k8s/up.sh')], { cwd: repo, timeout: 40 * 60_000, maxBuffer: 64 << 20 });
    return K8S_KUBECONFIG;
  })();
  return started;
}

/** Runs kubectl against the test cluster; resolves with its stdout. */
export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', K8S_KUBECONFIG, '--request-timeout=20s', ...args], { timeout: 60_000, maxBuffer: 64 << 20 });
  return stdout;
}

/** Every kind bench creates in a namespace. */
const BENCH_KINDS = 'deployments.apps,replicasets.apps,jobs.batch,pods,services,configmaps';

/** `kind/name` (namespace-qualified) of every namespaced object labelled with the experiment, in any namespace. */
export async function labelledObjects(experiment: string): Promise<string[]> {
  const out = await kubectl('get', BENCH_KINDS, '--all-namespaces', '-l', `bench.dev/experiment=${labelValue(experiment)}`, '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{"\\n"}{end}');
  return out.split('\n').filter(Boolean);
}

/** Whether the namespace exists (in any phase). */
export async function namespaceExists(name: string): Promise<boolean> {
  const out = await kubectl('get', 'namespace', name, '--ignore-not-found', '-o', 'name');
  return out.trim() !== '';
}

/** An experiment id no other test run uses. */
export function uniqueExperiment(tag: string): string {
  return `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}-${tag}`;
}
