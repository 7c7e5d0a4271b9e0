/** The cluster connection: the kubeconfig the settings name (relative to the recipe) or the default one, and the API clients. */
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import path from 'node:path';
import type { KubernetesSettings } from './settings';

export interface KubeApi {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  /** Where the configuration came from, for error messages. */
  source: string;
}

export function connect(settings: Pick<KubernetesSettings, 'kubeconfig' | 'context'>, baseDir: string): KubeApi {
  const kc = new KubeConfig();
  let source: string;
  if (settings.kubeconfig) {
    source = path.resolve(baseDir, settings.kubeconfig);
    try {
      kc.loadFromFile(source);
    } catch (e) {
      throw new Error(`kubernetes.kubeconfig ${source}: ${(e as Error).message}`);
    }
  } else {
    kc.loadFromDefault();
    source = process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG}` : 'the default kubeconfig (~/.kube/config or in-cluster)';
  }
  if (settings.context) {
    if (!kc.getContextObject(settings.context)) {
      throw new Error(`kubernetes.context "${settings.context}" is not in ${source}; it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'no contexts'}`);
    }
    kc.setCurrentContext(settings.context);
  }
  if (!kc.getCurrentCluster()) throw new Error(`${source} names no cluster for context "${kc.getCurrentContext()}"; set kubernetes.kubeconfig or kubernetes.context`);
  return { kc, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), batch: kc.makeApiClient(BatchV1Api), source };
}

/** The HTTP status of an API error (ApiException), if it is one. */
export function apiCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The apiserver's own message (its Status body), not the client's dump of headers. */
export function apiMessage(e: unknown): string {
  let body = (e as { body?: unknown })?.body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      if (text) return text;
    }
  }
  const message = (body as { message?: unknown })?.message;
  if (typeof message === 'string') return message;
  return e instanceof Error ? e.message : String(e);
}

/** Resolves undefined on 404, rethrows anything else. */
export async function orMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (apiCode(e) === 404) return undefined;
    throw e;
  }
}

/** An Error that says what was being done, on which object, and the apiserver's reason. */
export function apiError(what: string, e: unknown): Error {
  const code = apiCode(e);
  return new Error(`${what}: ${code ? `HTTP ${code}: ` : ''}${apiMessage(e)}`);
}
