/**
 * Runs launches as pods through the Kubernetes API: a Deployment per service, monitor or exporter,
 * a Job per client (Indexed for a task group). Objects are named and labelled after the launch id,
 * and carry the Handle in an annotation, so a retried launch finds the first and list() rebuilds
 * handles; nothing about a launch lives only in this process.
 */
import type { V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { extract } from 'tar';
import { isFinal, type Backend, type Endpoint, type Handle, type Labels, type LaunchSpec, type Status } from '../backend';
import { apiCode, apiError, apiMessage, connect, orMissing, type KubeApi } from './api';
import { execInPod } from './exec';
import { folderWalkCommand, folderWriter } from './folder-stream';
import { buildObjects, FILES_CONTAINER, handleFor, MAIN_CONTAINER, workspaceRoot, type KubernetesHandle, type KubernetesRef } from './manifests';
import { CREATED_BY, experimentNamespace, fileKey, HANDLE_ANNOTATION, LABEL, labelSelector, labelValue } from './names';
import { outputFromLog } from './output-frames';
import { completionIndex, livePods, restartsOf, workloadStatus } from './pod-status';
import { PortForwards } from './port-forward';
import { kubernetesSettingsSchema, type KubernetesSettings } from './settings';

export interface KubernetesBackendOptions {
  baseDir: string;
  warn(message: string): void;
  /** How long stop waits for the launch's pods to be gone. */
  stopTimeoutMs?: number;
  /** How long cleanup waits for the namespace to be gone. */
  namespaceTimeoutMs?: number;
}

const BACKGROUND = 'Background';

export class KubernetesBackend implements Backend {
  readonly kind = 'kubernetes' as const;
  private connection?: KubeApi;
  private forwards?: PortForwards;
  /** Namespaces known to exist (created or checked by this process). */
  private readonly namespaces = new Set<string>();
  /** Launches this process stopped, so their status says stopped rather than deleted outside bench. */
  private readonly stopped = new Set<string>();
  private readonly stopTimeoutMs: number;
  private readonly namespaceTimeoutMs: number;

  readonly settings: KubernetesSettings;

  constructor(
    settings: KubernetesSettings,
    private readonly opts: KubernetesBackendOptions,
  ) {
    // Defaults filled even when the settings arrive as plain JSON (a workflow's history).
    this.settings = kubernetesSettingsSchema.parse(settings);
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 90_000;
    this.namespaceTimeoutMs = opts.namespaceTimeoutMs ?? 120_000;
  }

  /** Connects on first use: creating the backend never fails on a missing kubeconfig. */
  get api(): KubeApi {
    this.connection ??= connect(this.settings, this.opts.baseDir);
    return this.connection;
  }

  private get portForwards(): PortForwards {
    this.forwards ??= new PortForwards(this.api.kc);
    return this.forwards;
  }

  /** Inside every pod of the experiment (an emptyDir); the pods see none of the worker's paths. */
  workspace(experimentId: string): string {
    return workspaceRoot(experimentId);
  }

  namespaceFor(experimentId: string): string {
    return this.settings.namespace ?? experimentNamespace(experimentId);
  }

  async launch(spec: LaunchSpec): Promise<KubernetesHandle> {
    const namespace = this.namespaceFor(spec.labels.experiment);
    const handle = handleFor(spec, this.settings, namespace, new Date().toISOString());
    const objects = buildObjects(spec, this.settings, handle);
    await this.ensureNamespace(spec.labels.experiment, namespace);
    const { ref } = handle;
    const found = await this.readWorkload(ref);
    if (found && !found.metadata?.deletionTimestamp) return handleOf(found) ?? handle;
    if (found) await this.waitGone(ref);

    const { core } = this.api;
    if (objects.configMap) {
      // A configMap left by an attempt that died before creating the workload is used by no pod yet: replace it.
      await core.createNamespacedConfigMap({ namespace, body: objects.configMap }).catch(async (e) => {
        if (apiCode(e) !== 409) throw apiError(`creating ConfigMap ${namespace}/${ref.configMap}`, e);
        await core.replaceNamespacedConfigMap({ name: ref.configMap!, namespace, body: objects.configMap! });
      });
    }
    let created: V1Deployment | V1Job;
    try {
      created =
        ref.kind === 'Deployment'
          ? await this.api.apps.createNamespacedDeployment({ namespace, body: objects.workload as V1Deployment })
          : await this.api.batch.createNamespacedJob({ namespace, body: objects.workload as V1Job });
    } catch (e) {
      if (apiCode(e) !== 409) throw apiError(`creating ${ref.kind} ${namespace}/${ref.name} for ${spec.id}`, e);
      const existing = await this.readWorkload(ref);
      return (existing && handleOf(existing)) ?? handle;
    }
    if (ref.kind === 'Job' && spec.taskGroup && (created as V1Job).spec?.backoffLimitPerIndex === undefined) {
      this.opts.warn(`the apiserver dropped backoffLimitPerIndex from Job ${namespace}/${ref.name} (feature gate JobBackoffLimitPerIndex off?): a failed rank may be retried`);
    }
    const owner = { apiVersion: ref.kind === 'Deployment' ? 'apps/v1' : 'batch/v1', kind: ref.kind, name: ref.name, uid: created.metadata!.uid!, controller: false };
    if (objects.service) {
      objects.service.metadata!.ownerReferences = [owner];
      await core.createNamespacedService({ namespace, body: objects.service }).catch((e) => {
        if (apiCode(e) !== 409) throw apiError(`creating Service ${namespace}/${ref.service}`, e);
      });
    }
    if (objects.configMap) {
      // Owned by the workload, so whoever deletes it outside bench does not leave the files behind.
      const cm = await core.readNamespacedConfigMap({ name: ref.configMap!, namespace });
      cm.metadata!.ownerReferences = [owner];
      await core.replaceNamespacedConfigMap({ name: ref.configMap!, namespace, body: cm }).catch((e) => this.opts.warn(`ConfigMap ${ref.configMap}: owner not set: ${apiMessage(e)}`));
    }
    return handle;
  }

  private async ensureNamespace(experiment: string, namespace: string): Promise<void> {
    if (this.namespaces.has(namespace)) return;
    const { core } = this.api;
    if (this.settings.namespace) {
      // A namespaced Role (deploy/kubernetes/role.yaml) may not read namespaces: then the launch itself tells.
      const ns = await orMissing(core.readNamespace({ name: namespace })).catch((e) => {
        if (apiCode(e) === 403) return 'unreadable' as const;
        throw apiError(`reading namespace ${namespace}`, e);
      });
      if (!ns) throw new Error(`kubernetes.namespace ${namespace} does not exist on ${this.api.source}; create it, or leave kubernetes.namespace unset so bench creates one per experiment`);
    } else {
      const body = { metadata: { name: namespace, labels: { [LABEL.createdBy]: CREATED_BY, [LABEL.experiment]: labelValue(experiment) } } };
      try {
        await core.createNamespace({ body });
      } catch (e) {
        if (apiCode(e) !== 409) throw apiError(`creating namespace ${namespace}`, e);
      }
      const ns = await core.readNamespace({ name: namespace });
      if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') {
        throw new Error(`namespace ${namespace} is being deleted (a cleanup of experiment ${experiment}); launch again once it is gone`);
      }
    }
    // Pods of a new namespace are refused until its controller created the default ServiceAccount.
    if (!this.settings.serviceAccount && !this.settings.namespace) {
      const sa = await this.poll(30_000, async () => ((await orMissing(core.readNamespacedServiceAccount({ name: 'default', namespace }))) ? true : undefined));
      if (!sa) this.opts.warn(`namespace ${namespace} has no default ServiceAccount after 30 s; pods may be refused until kube-controller-manager creates it`);
    }
    this.namespaces.add(namespace);
  }

  private readWorkload(ref: KubernetesRef): Promise<V1Deployment | V1Job | undefined> {
    const req = { name: ref.name, namespace: ref.namespace };
    return orMissing<V1Deployment | V1Job>(ref.kind === 'Deployment' ? this.api.apps.readNamespacedDeployment(req) : this.api.batch.readNamespacedJob(req));
  }

  private async pods(ref: KubernetesRef): Promise<V1Pod[]> {
    const list = await this.api.core.listNamespacedPod({ namespace: ref.namespace, labelSelector: `${LABEL.launch}=${ref.launch}` });
    return list.items;
  }

  async status(handle: Handle): Promise<Status> {
    const { ref } = handle as KubernetesHandle;
    const [workload, pods] = await Promise.all([this.readWorkload(ref), this.pods(ref)]);
    if ((!workload || workload.metadata?.deletionTimestamp) && this.stopped.has(key(ref))) return { state: 'stopped' };
    if (workload?.metadata?.deletionTimestamp) return { state: 'stopped', reason: `${ref.kind} ${ref.name} is being deleted` };
    const verdict = workloadStatus({ kind: ref.kind, name: ref.name, workload, pods });
    const status = verdict.status;
    if (verdict.crashed) {
      const { pod, container, previous } = verdict.crashed;
      const tail = await this.api.core
        .readNamespacedPodLog({ name: pod, namespace: ref.namespace, container, previous, tailLines: this.settings.podLogLines })
        .catch(() => '');
      if (tail.trim()) status.reason = `${status.reason}; last ${this.settings.podLogLines} log lines${previous ? ' before the restart' : ''}:\n${tail.trimEnd()}`;
    }
    return status;
  }

  async endpoints(handle: Handle): Promise<Endpoint> {
    const { ref } = handle as KubernetesHandle;
    if (ref.network === 'pod') return { host: `${ref.service ?? ref.name}.${ref.namespace}.svc`, ports: handle.ports };
    // The node's address is known once the pod is on a node, before it runs: callers may ask right after launch.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pod = livePods(await this.pods(ref)).find((p) => p.status?.hostIP);
      if (pod) return { host: pod.status!.hostIP!, ports: handle.ports };
      const st = await this.status(handle);
      if (isFinal(st.state) || /^unschedulable/.test(st.reason ?? '') || Date.now() > deadline) {
        throw new Error(`${handle.id}: no pod of ${ref.kind} ${ref.namespace}/${ref.name} is on a node, so no endpoint (${st.state}${st.reason ? `: ${st.reason}` : ''})`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Host network: the node's address, as endpoints(). Pod network: 127.0.0.1 ports forwarded to the pod, kept until stop or close. */
  async workerEndpoint(handle: Handle): Promise<Endpoint> {
    const { ref } = handle as KubernetesHandle;
    if (ref.network === 'host') return this.endpoints(handle);
    const ports = await this.portForwards.open(key(ref), ref.namespace, handle.ports, async () => (await this.runningPod(handle)).metadata!.name!);
    return { host: '127.0.0.1', ports };
  }

  /** The newest pod of the launch (of rank `task` for an Indexed Job). */
  private async podOf(handle: Handle, task?: number): Promise<V1Pod | undefined> {
    const { ref } = handle as KubernetesHandle;
    const live = livePods(await this.pods(ref));
    if (ref.kind === 'Job' && ref.tasks > 1) return live.find((p) => completionIndex(p) === (task ?? 0));
    return live[0];
  }

  private async runningPod(handle: Handle, task?: number): Promise<V1Pod> {
    const pod = await this.podOf(handle, task);
    if (!pod || mainState(pod) !== 'running') {
      throw new Error(`${handle.id}: no running pod${task === undefined ? '' : ` for task ${task}`} (${pod ? `pod ${pod.metadata?.name} is ${mainState(pod)}` : 'none exists'})`);
    }
    return pod;
  }

  private execIn(handle: Handle, pod: V1Pod, argv: string[], opts?: Parameters<typeof execInPod>[3]) {
    const { ref } = handle as KubernetesHandle;
    return execInPod(this.api.kc, { namespace: ref.namespace, pod: pod.metadata!.name!, container: MAIN_CONTAINER }, argv, opts);
  }

  async exec(handle: Handle, argv: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
    const r = await this.execIn(handle, await this.runningPod(handle), argv, { timeoutMs });
    return { code: r.code, output: `${r.stdout.toString('utf8')}${r.stderr}`.trim() };
  }

  async readFile(handle: Handle, file: string, task?: number): Promise<string | undefined> {
    const { ref } = handle as KubernetesHandle;
    const target = file.split('{rank}').join(String(task ?? 0));
    let pod = await this.podOf(handle, task);
    if (!pod) {
      // Stopped: stop saved the pods' logs, frames included, into handle.logFile.
      return ref.outputs.length && existsSync(handle.logFile) ? outputFromLog(readFileSync(handle.logFile, 'utf8'), target) : undefined;
    }
    if (mainState(pod) === 'running') {
      try {
        const r = await this.execIn(handle, pod, ['cat', '--', target]);
        if (r.code === 0) return r.stdout.toString('utf8');
        if (/no such file|not found/i.test(r.stderr)) return undefined;
        throw new Error(`${handle.id}: cat ${target} in pod ${pod.metadata?.name} exited with ${r.code}: ${r.stderr.trim()}`);
      } catch (e) {
        // The process may have exited meanwhile: then its outputs are on the log.
        pod = await this.podOf(handle, task);
        if (!pod || mainState(pod) !== 'terminated') throw e;
      }
    }
    if (mainState(pod) !== 'terminated' || !ref.outputs.length) return undefined;
    const log = await this.api.core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ref.namespace, container: MAIN_CONTAINER }).catch((e) => {
      throw apiError(`reading the log of pod ${pod!.metadata?.name} for ${target}`, e);
    });
    return outputFromLog(log, target);
  }

  async writeFile(handle: Handle, file: string, content: string): Promise<void> {
    const { ref } = handle as KubernetesHandle;
    const k = fileKey(file);
    const cm = ref.configMap ? await orMissing(this.api.core.readNamespacedConfigMap({ name: ref.configMap, namespace: ref.namespace })) : undefined;
    if (!cm || !(k in (cm.data ?? {}))) throw new Error(`${handle.id}: ${file} was not among the files it was launched with; only those can be replaced`);
    // The ConfigMap is what a replacement pod starts from; the running pod gets the file through exec.
    cm.data = { ...cm.data, [k]: content };
    await this.api.core.replaceNamespacedConfigMap({ name: ref.configMap!, namespace: ref.namespace, body: cm });
    for (const pod of livePods(await this.pods(ref))) {
      let current: V1Pod | undefined = pod;
      if (mainState(pod) === 'waiting' && filesCopied(pod)) {
        // Copied before this change, not running yet: wait for it to run, then write.
        current = await this.poll(30_000, async () => {
          const p = (await this.pods(ref)).find((x) => x.metadata?.name === pod.metadata?.name);
          return p && mainState(p) !== 'waiting' ? p : undefined;
        });
      }
      if (!current || mainState(current) !== 'running') continue;
      const r = await this.execIn(handle, current, ['/bin/sh', '-c', 'cat > "$1"', 'sh', file], { stdin: content });
      if (r.code !== 0) {
        const hint = file.startsWith(workspaceRoot(handle.labels.experiment) + '/') ? '' : ` (files outside ${workspaceRoot(handle.labels.experiment)} are mounted read-only)`;
        throw new Error(`${handle.id}: writing ${file} in pod ${current.metadata?.name} failed with exit code ${r.code}: ${r.stderr.trim()}${hint}`);
      }
    }
  }

  /** tar when the image has it, else a sh walk printing base64 (the minimal images have only sh, cat and base64). */
  async copyFrom(handle: Handle, remoteDir: string, localDir: string): Promise<void> {
    const pod = await this.runningPod(handle);
    mkdirSync(localDir, { recursive: true });
    const hasTar = (await this.execIn(handle, pod, ['/bin/sh', '-c', 'command -v tar']).catch(() => undefined))?.code === 0;
    const sink = hasTar ? (extract({ cwd: localDir }) as unknown as Writable) : folderWriter(path.resolve(localDir));
    const written = new Promise<void>((resolve, reject) => {
      sink.on('finish', () => resolve());
      sink.on('error', reject);
    });
    written.catch(() => undefined);
    const argv = hasTar ? ['tar', 'cf', '-', '-C', remoteDir, '.'] : folderWalkCommand(remoteDir);
    const r = await this.execIn(handle, pod, argv, { stdout: sink, timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`${handle.id}: copying ${remoteDir} out of pod ${pod.metadata?.name} failed with exit code ${r.code}: ${r.stderr.trim()}`);
    await written;
  }

  async logs(handle: Handle, tailBytes?: number): Promise<string> {
    const { ref } = handle as KubernetesHandle;
    const pods = sortByRank(livePods(await this.pods(ref)));
    if (ref.kind === 'Deployment') return pods[0] ? this.podLog(ref, pods[0], { tailBytes }) : '';
    const parts = await Promise.all(pods.map(async (p) => `== pod ${p.metadata?.name} ==\n${await this.podLog(ref, p, { tailBytes })}`));
    return parts.join('\n');
  }

  /** The log of the pod's main container; with tailBytes its last bytes (by lines from the API, then cut). */
  private async podLog(ref: KubernetesRef, pod: V1Pod, o: { tailBytes?: number; previous?: boolean }): Promise<string> {
    const read = (tailLines?: number) =>
      this.api.core
        .readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ref.namespace, container: MAIN_CONTAINER, previous: o.previous, tailLines })
        .catch((e) => {
          // 400: the container has not started (or has no previous instance): nothing to show.
          if (apiCode(e) === 400 || apiCode(e) === 404) return '';
          throw apiError(`reading the log of pod ${pod.metadata?.name}`, e);
        });
    if (!o.tailBytes) return read();
    for (let lines = Math.ceil(o.tailBytes / 40) + 10; ; lines *= 4) {
      const text = await read(lines);
      const bytes = Buffer.from(text);
      if (bytes.length >= o.tailBytes) return bytes.subarray(bytes.length - o.tailBytes).toString('utf8');
      if (text.split('\n').length - 1 < lines || lines > 1_000_000) return text;
    }
  }

  /** Writes every pod's log (and, after restarts, the previous container's) into handle.logFile. */
  async downloadLogs(handle: Handle): Promise<string> {
    const { ref } = handle as KubernetesHandle;
    const pods = sortByRank(livePods(await this.pods(ref)));
    if (!pods.length && existsSync(handle.logFile)) return handle.logFile;
    const headers = ref.kind === 'Job' || pods.length > 1;
    const parts: string[] = [];
    for (const pod of pods) {
      if (restartsOf(pod) > 0) parts.push(`== pod ${pod.metadata?.name} (previous container) ==\n${await this.podLog(ref, pod, { previous: true })}`);
      parts.push(`${headers || restartsOf(pod) > 0 ? `== pod ${pod.metadata?.name} ==\n` : ''}${await this.podLog(ref, pod, {})}`);
    }
    if (!pods.length) parts.push(`(no pod of ${ref.kind} ${ref.namespace}/${ref.name} left: its log went with it)\n`);
    mkdirSync(path.dirname(handle.logFile), { recursive: true });
    writeFileSync(handle.logFile, parts.join('\n'));
    return handle.logFile;
  }

  /** Saves the logs (pods take them along), deletes the workload, its Service and ConfigMap, and waits for its pods to be gone. */
  async stop(handle: Handle): Promise<void> {
    const { ref } = handle as KubernetesHandle;
    this.stopped.add(key(ref));
    this.forwards?.close(key(ref));
    if ((await this.pods(ref)).length) await this.downloadLogs(handle).catch((e) => this.opts.warn(`${handle.id}: logs not saved before stop: ${(e as Error).message}`));
    const req = { name: ref.name, namespace: ref.namespace, propagationPolicy: BACKGROUND };
    const { core } = this.api;
    const deletions: Promise<unknown>[] = [ref.kind === 'Deployment' ? this.api.apps.deleteNamespacedDeployment(req) : this.api.batch.deleteNamespacedJob(req)];
    if (ref.service) deletions.push(core.deleteNamespacedService({ name: ref.service, namespace: ref.namespace }));
    if (ref.configMap) deletions.push(core.deleteNamespacedConfigMap({ name: ref.configMap, namespace: ref.namespace }));
    for (const d of deletions) {
      await orMissing(d).catch((e) => {
        throw apiError(`stopping ${handle.id} (${ref.kind} ${ref.namespace}/${ref.name})`, e);
      });
    }
    await this.waitGone(ref);
  }

  private async waitGone(ref: KubernetesRef): Promise<void> {
    let left: V1Pod[] = [];
    const gone = await this.poll(this.stopTimeoutMs, async () => {
      left = await this.pods(ref);
      return left.length || (await this.readWorkload(ref)) ? undefined : true;
    });
    if (!gone) {
      const names = left.map((p) => `${p.metadata?.name} (${p.status?.phase})`).join(', ');
      throw new Error(`${ref.kind} ${ref.namespace}/${ref.name}: ${names ? `pods ${names} still exist` : 'still exists'} ${this.stopTimeoutMs / 1000} s after deletion; check the node's kubelet (kubectl describe pod)`);
    }
  }

  async list(labels: Partial<Labels>): Promise<KubernetesHandle[]> {
    const selector = labelSelector(labels);
    const ns = this.settings.namespace;
    const { apps, batch } = this.api;
    const [deps, jobs] = await Promise.all([
      ns ? apps.listNamespacedDeployment({ namespace: ns, labelSelector: selector }) : apps.listDeploymentForAllNamespaces({ labelSelector: selector }),
      ns ? batch.listNamespacedJob({ namespace: ns, labelSelector: selector }) : batch.listJobForAllNamespaces({ labelSelector: selector }),
    ]);
    const out: KubernetesHandle[] = [];
    for (const obj of [...deps.items, ...jobs.items]) {
      if (obj.metadata?.deletionTimestamp) continue;
      const h = handleOf(obj);
      // Label values are sanitised on the objects: the handle's own labels decide.
      if (h && Object.entries(labels).every(([k, v]) => v === undefined || h.labels[k as keyof Labels] === v)) out.push(h);
    }
    return out;
  }

  /** Deletes the experiment's namespace when bench created it, and waits until it is gone. */
  async cleanup(experimentId: string): Promise<void> {
    if (this.settings.namespace) return;
    const name = experimentNamespace(experimentId);
    const { core } = this.api;
    const ns = await orMissing(core.readNamespace({ name }));
    this.namespaces.delete(name);
    if (!ns || ns.metadata?.labels?.[LABEL.createdBy] !== CREATED_BY || ns.metadata.labels[LABEL.experiment] !== labelValue(experimentId)) return;
    await orMissing(core.deleteNamespace({ name, propagationPolicy: BACKGROUND }));
    let last = ns;
    const gone = await this.poll(this.namespaceTimeoutMs, async () => {
      const cur = await orMissing(core.readNamespace({ name }));
      if (cur) last = cur;
      return cur ? undefined : true;
    });
    if (!gone) {
      const why = (last.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message}`).join('; ');
      throw new Error(`namespace ${name} is still ${last.status?.phase ?? 'there'} ${this.namespaceTimeoutMs / 1000} s after its deletion${why ? ` (${why})` : ''}; check kube-controller-manager and the namespace's finalizers`);
    }
  }

  async close(): Promise<void> {
    await this.forwards?.closeAll();
  }

  /** Polls every 250 ms until `check` gives a value, or undefined after timeoutMs. */
  private async poll<T>(timeoutMs: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function key(ref: KubernetesRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}

function handleOf(obj: V1Deployment | V1Job): KubernetesHandle | undefined {
  const text = obj.metadata?.annotations?.[HANDLE_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KubernetesHandle;
  } catch {
    return undefined;
  }
}

function mainState(pod: V1Pod): 'running' | 'terminated' | 'waiting' {
  const s = pod.status?.containerStatuses?.find((c) => c.name === MAIN_CONTAINER)?.state;
  if (s?.running) return 'running';
  if (s?.terminated || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 'terminated';
  return 'waiting';
}

/** The init container that copies the files has finished (or there is none). */
function filesCopied(pod: V1Pod): boolean {
  const init = pod.status?.initContainerStatuses?.find((c) => c.name === FILES_CONTAINER);
  return !pod.spec?.initContainers?.length || !!init?.state?.terminated;
}

function sortByRank(pods: V1Pod[]): V1Pod[] {
  return [...pods].sort((a, b) => (completionIndex(a) ?? 0) - (completionIndex(b) ?? 0));
}
