import os from 'node:os';
import path from 'node:path';
import type { LaunchSpec, Role } from '../../../src/backends/backend';
import { SlurmBackend } from '../../../src/backends/slurm';
import { cancelJobsNamed, ensureSlurmCluster, uniqueExperiment, type Connection } from '../../helpers/slurm-cluster';

let conn: Connection;
let backend: SlurmBackend;
const mine = uniqueExperiment('list');
const other = uniqueExperiment('other');

beforeAll(async () => {
  conn = await ensureSlurmCluster();
  backend = new SlurmBackend(conn);
});
afterAll(async () => {
  await cancelJobsNamed(conn, `bench-${mine}`);
  await cancelJobsNamed(conn, `bench-${other}`);
  await backend.close();
});

const spec = (experiment: string, role: Role, name: string): LaunchSpec => ({
  id: `${experiment}.${role}.${name}.0`,
  labels: { experiment, role, name },
  command: ['/bin/sleep', '300'],
  ports: { p: 1234 },
  logFile: path.join(os.tmpdir(), `${experiment}-${name}.log`),
});

test('list finds live jobs by experiment and other labels, and stopped ones are gone', async () => {
  const a = await backend.launch(spec(mine, 'service', 'redis'));
  const b = await backend.launch(spec(mine, 'client', 'load'));
  await backend.launch(spec(other, 'service', 'redis'));

  const all = await backend.list({ experiment: mine });
  expect(all.map((h) => h.ref.jobId).sort()).toEqual([a.ref.jobId, b.ref.jobId].sort());
  const found = all.find((h) => h.ref.jobId === a.ref.jobId)!;
  expect(found).toMatchObject({ id: a.id, labels: a.labels, ports: { p: 1234 }, backend: 'slurm' });

  expect((await backend.list({ experiment: mine, role: 'client' })).map((h) => h.ref.jobId)).toEqual([b.ref.jobId]);
  // A handle from list is enough to stop an orphan (what the reaper does).
  await backend.stop(found);
  expect((await backend.list({ experiment: mine })).map((h) => h.ref.jobId)).toEqual([b.ref.jobId]);
});
