import { checkRecipe } from '../../../src/recipe/check';
import { memoryMiB } from '../../../src/recipe/memory';

const recipe = (backend: string, service: string) => `
name: fields
backend: ${backend}
${backend === 'slurm' ? 'slurm: { host: login, username: me, sharedDir: /scratch/me }' : ''}
services:
  - name: r
    kind: redis
${service}
workload:
  clients:
    - { name: c, driver: redis, target: r, executor: { type: closed-loop }, duration: 2s }
`;

describe('recipe fields a backend cannot honour are never silently ignored', () => {
  it('rejects an image on the local backend, accepts it on SLURM (Apptainer)', () => {
    const local = checkRecipe(recipe('local', '    image: redis:7'));
    expect(local.ok).toBe(false);
    expect(local.issues).toEqual([expect.objectContaining({ path: 'services[0].image', line: 8, message: 'backend local runs programs, not container images' })]);
    expect(checkRecipe(recipe('slurm', '    image: redis:7')).ok).toBe(true);
  });

  it('warns that the local backend does not enforce resources.memory; SLURM gets it as --mem', () => {
    const local = checkRecipe(recipe('local', '    resources: { memory: 2Gi }'));
    expect(local.ok).toBe(true);
    expect(local.warnings?.[0]).toMatchObject({ path: 'services[0].resources.memory', message: expect.stringContaining('does not enforce') });
    expect(checkRecipe(recipe('slurm', '    resources: { memory: 2Gi }')).warnings).toBeUndefined();
  });

  it('reads memory sizes in binary and decimal units, rounding up to MiB', () => {
    expect(memoryMiB('512Mi')).toBe(512);
    expect(memoryMiB('2Gi')).toBe(2048);
    expect(memoryMiB('1G')).toBe(954);
    expect(memoryMiB('1048577')).toBe(2);
    expect(() => memoryMiB('lots')).toThrow(/resources.memory: "lots" is not a size/);
  });
});
