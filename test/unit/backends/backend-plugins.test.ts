import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_DESCRIPTORS, capabilitiesOf } from '../../../src/backends/descriptors';
import { BACKEND_PLUGINS, availableBackends } from '../../../src/backends/registry';
import { checkRecipe } from '../../../src/recipe/check';
import { recipeJsonSchema } from '../../../src/recipe/json-schema';

const ROOT = path.resolve(__dirname, '../../..');

const recipe = (head: string, extra = '') => `
name: plugins
${head}
services:
  - name: r
    kind: redis
${extra}
workload:
  clients:
    - { name: c, driver: redis, target: r, executor: { type: closed-loop }, duration: 2s }
`;

describe('backends are plug-ins: each registers its settings and capabilities', () => {
  it('lists the same backends in the pure descriptors and the runtime registry', () => {
    expect(BACKEND_PLUGINS.map((p) => p.kind)).toEqual(BACKEND_DESCRIPTORS.map((d) => d.kind));
    expect(availableBackends()).toEqual(expect.arrayContaining(['local', 'slurm', 'kubernetes']));
  });

  it("composes each backend's settings block into the recipe's JSON Schema", () => {
    const schema = recipeJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.kubernetes.properties ?? {})).toEqual(expect.arrayContaining(['kubeconfig', 'namespace', 'network', 'imageMap']));
    expect(Object.keys(schema.properties.slurm.properties ?? {})).toEqual(expect.arrayContaining(['host', 'sharedDir']));
    expect(Object.keys(schema.properties.scheduling.properties ?? {})).toEqual(['maxPending', 'queuePollMax']);
  });

  it('answers capability questions instead of generic code testing the kind', () => {
    expect(capabilitiesOf({ kind: 'local' })).toMatchObject({ bindAddress: '127.0.0.1', portChoice: 'worker', taskGroups: false });
    expect(capabilitiesOf({ kind: 'slurm', settings: { benchCommand: ['node', '/shared/bench.js'] } })).toMatchObject({ taskGroups: true, reschedule: true, benchCommand: ['node', '/shared/bench.js'] });
    expect(capabilitiesOf({ kind: 'kubernetes', settings: { network: 'host', bindAddress: '127.0.0.1' } })).toMatchObject({ bindAddress: '127.0.0.1', portChoice: 'worker', imagesRequired: true, copiesBack: true });
    expect(capabilitiesOf({ kind: 'kubernetes', settings: { network: 'pod' } })).toMatchObject({ bindAddress: '0.0.0.0', portChoice: 'kind' });
    // A SLURM experiment started before settings existed carried its block as `slurm`.
    expect(capabilitiesOf({ kind: 'slurm', slurm: { benchCommand: ['b'] } }).benchCommand).toEqual(['b']);
    expect(() => capabilitiesOf({ kind: 'nomad' })).toThrow(/backend "nomad" is unknown; backends: local, slurm, kubernetes/);
  });
});

describe('validation of backend settings', () => {
  it('rejects invalid kubernetes: settings with their path and line', () => {
    const r = checkRecipe(recipe('backend: kubernetes\nkubernetes:\n  network: overlay\n  namespace: Bad_NS\n  clientImag: x'));
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['kubernetes.network']).toMatchObject({ line: 5 });
    expect(byPath['kubernetes.namespace']).toMatchObject({ line: 6, message: expect.stringContaining('DNS label') });
    expect(byPath['kubernetes.clientImag']).toMatchObject({ line: 7, hint: expect.stringContaining('clientImage') });
  });

  it("rejects placement fields the recipe's backend does not honour", () => {
    const k8s = checkRecipe(recipe('backend: kubernetes', '    placement: { partition: gpu }'));
    expect(k8s.issues).toEqual([expect.objectContaining({ path: 'services[0].placement.partition', message: 'backend kubernetes does not place by partition', hint: 'its placement fields: nodeSelector, tolerations' })]);
    const slurm = checkRecipe(recipe('backend: slurm\nslurm: { host: h, username: u, sharedDir: /s }', '    placement: { nodeSelector: { gpu: "true" } }'));
    expect(slurm.issues).toEqual([expect.objectContaining({ path: 'services[0].placement.nodeSelector', hint: 'its placement fields: partition' })]);
    expect(checkRecipe(recipe('backend: kubernetes', '    placement: { nodeSelector: { pool: bench }, tolerations: [{ key: bench, operator: Exists }] }')).ok).toBe(true);
  });

  it('names an unknown backend with the ones there are', () => {
    const r = checkRecipe(recipe('backend: nomad'));
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ path: 'backend', hint: 'one of: "local", "slurm", "kubernetes"' });
  });

  it('moves slurm.maxPending to scheduling.maxPending with a warning, still honoured', () => {
    const r = checkRecipe(recipe('backend: slurm\nslurm: { host: h, username: u, sharedDir: /s, maxPending: 10m }'));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ path: 'slurm.maxPending', message: expect.stringContaining('moved to scheduling.maxPending') })]);
  });

  it('accepts the shipped Kubernetes quickstart', () => {
    const r = checkRecipe(readFileSync(path.join(ROOT, 'recipes/quickstart-kubernetes.yaml'), 'utf8'));
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
