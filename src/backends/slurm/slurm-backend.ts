/**
 * Runs launches as SLURM batch jobs through ssh2 on a login node. Idempotent by job name:
 * a retried launch finds the live job the first attempt submitted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Backend, Endpoint, Handle, Labels, LaunchSpec, Status } from '../backend';
import { isFinal } from '../backend';
import type { SlurmBackendConfig } from './config';
import { SlurmConnection, type SlurmLogger } from './connection';
import { jobNameFor, jobNamePrefixFor } from './job-name';
import { isLiveState, jobStatus, parseJobComment, parseSacct, parseScontrolJob, parseSqueueJson, type JobComment, type JobInfo } from './job-state';
import { execRemote } from './remote-exec';
import { SHARED_DIR_TOKEN } from './settings';
import { portsFile } from './node-ports';
import { jobPaths, renderJobScript, sbatchOptions } from './sbatch-script';
import { downloadDir, downloadFile, readRemoteText, uploadText } from './sftp';

export interface SlurmRef {
  jobId: string;
  jobName: string;
  jobDir: string;
  workdir: string;
  scriptPath: string;
  /** The job's output file on the cluster. */
  logPath: string;
  /** sbatch --output pattern (%j = job id), for the output of a resubmission. */
  outputPattern: string;
  /** sbatch options without --exclude, so a resubmission asks for the same resources. */
  sbatchArgs: string[];
  excluded: string[];
  [key: string]: unknown;
}

export interface SlurmHandle extends Handle {
  backend: 'slurm';
  ref: SlurmRef;
}

export interface SlurmBackendOptions {
  log?: SlurmLogger;
  /** How long stop waits for SLURM to end the job (KillWait plus margin). */
  stopTimeoutMs?: number;
}

const SACCT_FORMAT = '--format=JobID,JobName,State,ExitCode,NodeList';

export class SlurmBackend implements Backend {
  readonly kind = 'slurm' as const;
  readonly connection: SlurmConnection;
  private readonly stopTimeoutMs: number;

  constructor(
    readonly config: SlurmBackendConfig,
    opts: SlurmBackendOptions = {},
  ) {
    this.connection = new SlurmConnection(config, opts.log);
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
  }

  /** Each experiment's files live under <sharedDir>/experiments/<id>, visible to every compute node. */
  workspace(experimentId: string): string {
    return path.posix.join(this.config.sharedDir, 'experiments', experimentId);
  }

  /** Files live on the shared file system, so the handle does not matter. */
  async writeFile(_handle: Handle, file: string, content: string): Promise<void> {
    await this.upload(file, content);
  }

  async readFile(_handle: Handle, file: string): Promise<string | undefined> {
    return readRemoteText(this.connection, file);
  }

  /**
   * Written beside and renamed into place: a running reader (Prometheus' file_sd) must never see a
   * half-written file ("unexpected end of JSON input" made it drop the client targets).
   */
  private async upload(file: string, content: string): Promise<void> {
    const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
    await this.run(['mkdir', '-p', '--', path.posix.dirname(file)]);
    await uploadText(this.connection, tmp, content);
    await this.run(['mv', '-f', '--', tmp, file]);
  }

  private run(argv: string[], allowFailure = false) {
    return execRemote(this.connection, argv, { allowFailure });
  }

  /** The shared file system is not the worker's: folders a job wrote (Prometheus' TSDB) come back over SFTP. */
  async copyFrom(_handle: Handle, remoteDir: string, localDir: string): Promise<void> {
    await downloadDir(this.connection, remoteDir, localDir);
  }

  async launch(spec: LaunchSpec): Promise<SlurmHandle> {
    const jobName = jobNameFor(spec.id, spec.labels.experiment);
    const paths = jobPaths(this.config.sharedDir, jobName, spec.cwd);
    const comment: JobComment = { labels: spec.labels, id: spec.id, ports: spec.ports ?? {}, logFile: spec.logFile };
    const sbatchArgs = sbatchOptions(spec, this.config, jobName, paths, JSON.stringify(comment));
    const handleFor = (jobId: string, excluded: string[] = []): SlurmHandle => ({
      backend: 'slurm',
      id: spec.id,
      labels: spec.labels,
      ref: { jobId, jobName, ...paths, logPath: paths.outputPattern.replace('%j', jobId), sbatchArgs, excluded },
      ports: spec.ports ?? {},
      logFile: spec.logFile,
      launchedAt: new Date().toISOString(),
    });

    const live = await this.liveJobsNamed(jobName);
    if (live.length) return handleFor(live[0].jobId, (await this.jobInfo(live[0].jobId))?.excluded ?? []);

    for (const file of spec.files ?? []) await this.upload(file.path, file.content);
    const sharedDir = this.config.sharedDir.replace(/\/+$/, '');
    const command = spec.command.map((word) => word.split(SHARED_DIR_TOKEN).join(sharedDir));
    const script = renderJobScript({ ...spec, command }, this.config, jobName, paths);
    await this.run(['mkdir', '-p', '--', paths.jobDir]);
    await uploadText(this.connection, paths.scriptPath, script, 0o755);
    return handleFor(await this.sbatch([...sbatchArgs, paths.scriptPath]));
  }

  private async sbatch(args: string[]): Promise<string> {
    const { stdout } = await this.run(['sbatch', ...args]);
    const jobId = stdout.trim().split(';')[0];
    if (!/^\d+$/.test(jobId)) throw new Error(`sbatch printed ${JSON.stringify(stdout)} instead of a job id; check the sbatch on the login node`);
    return jobId;
  }

  /** Jobs with exactly this name that are pending or running (squeue filters by name itself). */
  private async liveJobsNamed(jobName: string): Promise<JobInfo[]> {
    const { stdout } = await this.run(['squeue', '-h', `--name=${jobName}`, '-o', '%A|%T|%j']);
    return stdout
      .split('\n')
      .map((l) => l.trim().split('|'))
      .filter(([id, state, name]) => id && name === jobName && isLiveState(state))
      .map(([jobId, state, name]) => ({ jobId, state, name, nodes: [] }))
      .sort((a, b) => Number(b.jobId) - Number(a.jobId));
  }

  /** The job as SLURM sees it: scontrol while slurmctld remembers it, the accounting or job completion log after. */
  async jobInfo(jobId: string): Promise<JobInfo | undefined> {
    const sc = await this.run(['scontrol', 'show', 'job', '-o', jobId], true);
    const info = sc.code === 0 ? parseScontrolJob(sc.stdout) : undefined;
    if (info) return info;
    for (const flags of [['-j', jobId], ['-c', '-j', jobId]]) {
      const r = await this.run(['sacct', ...flags, '-P', SACCT_FORMAT], true);
      const found = r.code === 0 ? parseSacct(r.stdout).filter((j) => j.jobId === jobId).pop() : undefined;
      if (found) return found;
    }
    return undefined;
  }

  async status(handle: Handle): Promise<Status> {
    const { jobId } = (handle as SlurmHandle).ref;
    const info = await this.jobInfo(jobId);
    if (!info) return { state: 'lost', reason: `job ${jobId} is unknown to scontrol and sacct (purged, or submitted to another cluster)` };
    const status = jobStatus(info);
    if (status.state !== 'failed') return status;
    // The job's own last words say more than its exit code ("Cannot find module ...", a missing program).
    const last = lastLine(await this.logs(handle, 600).catch(() => ''));
    return last ? { ...status, reason: `${status.reason ?? 'failed'}; last output: ${last}` } : status;
  }

  async endpoints(handle: Handle): Promise<Endpoint> {
    const status = await this.status(handle);
    const node = status.nodes?.[0];
    if (status.state !== 'running' || !node) {
      throw new Error(`${handle.id}: job ${(handle as SlurmHandle).ref.jobId} is ${status.state}${status.reason ? ` (${status.reason})` : ''}, so it has no endpoint yet; wait for it to run`);
    }
    const { stdout } = await this.run(['scontrol', 'show', 'node', '-o', node]);
    const host = /(?:^|\s)NodeAddr=(\S+)/.exec(stdout)?.[1] ?? node;
    return { host, ports: await this.portsOf(handle as SlurmHandle) };
  }

  /** The handle's ports, with those picked on the node (0 in the spec) read from the file its job script wrote. */
  private async portsOf(handle: SlurmHandle): Promise<Record<string, number>> {
    if (!Object.values(handle.ports).includes(0)) return handle.ports;
    const file = portsFile(handle.ref.jobDir, handle.ref.jobId);
    const text = await readRemoteText(this.connection, file);
    if (text === undefined) throw new Error(`${handle.id}: job ${handle.ref.jobId} runs but has not reported the ports it picked yet (${file}); wait a moment`);
    const picked = JSON.parse(text) as Record<string, number>;
    return Object.fromEntries(Object.entries(handle.ports).map(([name, port]) => [name, port || picked[name]]));
  }

  async logs(handle: Handle, tailBytes?: number): Promise<string> {
    return (await readRemoteText(this.connection, (handle as SlurmHandle).ref.logPath, tailBytes)) ?? '';
  }

  /** Copies the job's SLURM output into handle.logFile (the experiment's logs/ folder); returns that path. */
  async downloadLogs(handle: Handle): Promise<string> {
    mkdirSync(path.dirname(handle.logFile), { recursive: true });
    await downloadFile(this.connection, (handle as SlurmHandle).ref.logPath, handle.logFile);
    return handle.logFile;
  }

  /** A step inside the handle's own job (`srun --overlap`), so the command runs on the job's node. */
  async exec(handle: Handle, argv: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
    const { jobId } = (handle as SlurmHandle).ref;
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const r = await execRemote(this.connection, ['timeout', String(seconds), 'srun', `--jobid=${jobId}`, '--overlap', '--nodes=1', '--ntasks=1', '--quiet', '--', ...argv], {
      allowFailure: true,
      timeoutMs: timeoutMs + 10_000,
    });
    return { code: r.code ?? 1, output: `${r.stdout}${r.stderr}`.trim() };
  }

  async stop(handle: Handle): Promise<void> {
    const { jobId } = (handle as SlurmHandle).ref;
    // scancel of an ended job fails with "Invalid job id": that is the goal reached.
    await this.run(['scancel', jobId], true);
    const deadline = Date.now() + this.stopTimeoutMs;
    for (;;) {
      const s = await this.status(handle);
      if (isFinal(s.state)) return;
      if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${s.state} ${this.stopTimeoutMs} ms after scancel; check the node's slurmd (scontrol show job ${jobId})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async list(labels: Partial<Labels>): Promise<SlurmHandle[]> {
    const prefix = labels.experiment === undefined ? 'bench-' : jobNamePrefixFor(labels.experiment);
    const { stdout } = await this.run(['squeue', '--json']);
    const out: SlurmHandle[] = [];
    for (const job of parseSqueueJson(stdout)) {
      const c = parseJobComment(job.comment);
      if (!c || !job.name?.startsWith(prefix) || !isLiveState(job.state)) continue;
      if (!Object.entries(labels).every(([k, v]) => c.labels[k as keyof Labels] === v)) continue;
      const paths = jobPaths(this.config.sharedDir, job.name);
      out.push({
        backend: 'slurm',
        id: c.id,
        labels: c.labels,
        ref: { jobId: job.jobId, jobName: job.name, ...paths, logPath: job.stdout ?? '', sbatchArgs: [], excluded: [] },
        ports: c.ports,
        logFile: c.logFile ?? '',
        launchedAt: '',
      });
    }
    return out;
  }

  /**
   * Cancels the handle's job and submits the same script again with `badNodes` (and the nodes
   * excluded before) excluded: rescheduling on healthy nodes after NODE_FAIL or a node going down.
   * Idempotent: when a live job of that name other than the old one exists, returns it.
   */
  async resubmitExcluding(handle: Handle, badNodes: string[]): Promise<SlurmHandle> {
    const h = handle as SlurmHandle;
    if (!h.ref.sbatchArgs.length) throw new Error(`${h.id}: this handle came from list() and lacks the submission details; resubmit from the handle launch returned`);
    const excluded = [...new Set([...h.ref.excluded, ...badNodes])].sort();
    const others = (await this.liveJobsNamed(h.ref.jobName)).filter((j) => j.jobId !== h.ref.jobId);
    await this.run(['scancel', h.ref.jobId], true);
    const jobId = others[0]?.jobId ?? (await this.sbatch([...h.ref.sbatchArgs, `--exclude=${excluded.join(',')}`, h.ref.scriptPath]));
    return {
      ...h,
      ref: { ...h.ref, jobId, logPath: h.ref.outputPattern.replace('%j', jobId), excluded },
      launchedAt: new Date().toISOString(),
    };
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** The line of a job's output that says what went wrong: the last error line (Node's ends with its version), else the last line. */
function lastLine(output: string): string | undefined {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.filter((l) => /\berror\b|^bench: /i.test(l) && !/^at /.test(l)).pop() ?? lines.pop();
  return line && (line.length > 200 ? `${line.slice(0, 200)}…` : line);
}
