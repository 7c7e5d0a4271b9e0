import { jobStatus, parseJobComment, parseSacct, parseScontrolJob, parseSqueueJson } from '../../../src/backends/slurm/job-state';

const scontrol = (state: string, extra = '') =>
  `JobId=7 JobName=bench-e.service.redis.0 UserId=root(0) JobState=${state} Reason=NodeDown Dependency=(null) ExitCode=0:15 NodeList=n2 BatchHost=n2 ReqNodeList=(null) ExcNodeList=n[1,3] Comment={"labels":{"experiment":"e"},"id":"x y","ports":{}} StdOut=/s/output-7.log ${extra}`;

test('scontrol show job -o', () => {
  expect(parseScontrolJob(scontrol('NODE_FAIL'))).toEqual({
    jobId: '7',
    name: 'bench-e.service.redis.0',
    state: 'NODE_FAIL',
    reason: 'NodeDown',
    exitCode: 0,
    signal: 15,
    nodes: ['n2'],
    comment: '{"labels":{"experiment":"e"},"id":"x y","ports":{}}',
    stdout: '/s/output-7.log',
    excluded: ['n1', 'n3'],
  });
  expect(parseScontrolJob('slurm_load_jobs error: Invalid job id specified')).toBeUndefined();
});

test('squeue --json (v0.0.38 wait status, and newer objects)', () => {
  const doc = {
    jobs: [
      { job_id: 4, name: 'a', job_state: 'FAILED', state_reason: 'NonZeroExitCode', nodes: 'n1', exit_code: 768, comment: '', standard_output: '/o' },
      { job_id: 5, name: 'b', job_state: ['RUNNING'], nodes: 'n[1-2]', exit_code: { return_code: { number: 0 }, signal: { id: { number: 0 } } } },
    ],
  };
  const [a, b] = parseSqueueJson(JSON.stringify(doc));
  expect(a).toMatchObject({ jobId: '4', state: 'FAILED', exitCode: 3, signal: 0, nodes: ['n1'] });
  expect(b).toMatchObject({ jobId: '5', state: 'RUNNING', exitCode: 0, nodes: ['n1', 'n2'] });
});

test('sacct -c -P skips steps and reads exit codes', () => {
  const out = 'JobID|JobName|State|ExitCode|NodeList\n4|wrap|FAILED|3:0|n1\n4.batch|batch|FAILED|3:0|n1\n5|x|CANCELLED by 0|0:15|n[1-2]\n';
  expect(parseSacct(out)).toEqual([
    { jobId: '4', name: 'wrap', state: 'FAILED', exitCode: 3, signal: 0, nodes: ['n1'] },
    { jobId: '5', name: 'x', state: 'CANCELLED', exitCode: 0, signal: 15, nodes: ['n1', 'n2'] },
  ]);
});

test.each([
  ['PENDING', 'pending'],
  ['CONFIGURING', 'pending'],
  ['REQUEUED', 'pending'],
  ['PREEMPTED', 'pending'],
  ['RUNNING', 'running'],
  ['COMPLETING', 'running'],
  ['COMPLETED', 'exited'],
  ['FAILED', 'failed'],
  ['TIMEOUT', 'failed'],
  ['OUT_OF_MEMORY', 'failed'],
  ['NODE_FAIL', 'lost'],
  ['CANCELLED', 'stopped'],
])('%s maps to %s', (slurm, state) => {
  expect(jobStatus({ jobId: '1', state: slurm, nodes: ['n1'] }).state).toBe(state);
});

test('failed and lost statuses say why', () => {
  expect(jobStatus({ jobId: '4', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: 3, nodes: ['n1'] })).toEqual({
    state: 'failed',
    exitCode: 3,
    reason: 'job 4: the job failed, exit code 3 (NonZeroExitCode)',
    nodes: ['n1'],
  });
  expect(jobStatus({ jobId: '9', state: 'OUT_OF_MEMORY', exitCode: 0, nodes: [] }).reason).toMatch(/resources\.memory/);
  expect(jobStatus({ jobId: '7', state: 'NODE_FAIL', nodes: ['n2'] })).toMatchObject({ state: 'lost', nodes: ['n2'], reason: expect.stringContaining('node n2 failed') });
  expect(jobStatus({ jobId: '1', state: 'COMPLETED', exitCode: 0, nodes: ['n1'] })).toEqual({ state: 'exited', exitCode: 0, nodes: ['n1'] });
});

test('job comments that bench did not write are ignored', () => {
  expect(parseJobComment('')).toBeUndefined();
  expect(parseJobComment('free text')).toBeUndefined();
  expect(parseJobComment('{"a":1}')).toBeUndefined();
  expect(parseJobComment('{"labels":{"experiment":"e","role":"service","name":"r"},"id":"i","ports":{}}')?.id).toBe('i');
});
