import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRecipe } from '../../../src/recipe/load';
import { runBench } from '../../helpers/bench-cli';

const fixture = (name: string) => path.join(__dirname, '..', '..', 'fixtures', 'recipes', name);

describe('recipe validation', () => {
  it('reports every error at once, each with its path, line and a hint where one helps', () => {
    const result = parseRecipe(readFileSync(fixture('several-errors.yaml'), 'utf8'));
    expect(result.ok).toBe(false);
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i]));
    expect(byPath['name'].line).toBe(1);
    expect(byPath['services[0].prots']).toMatchObject({ line: 5, hint: 'did you mean "ports"?' });
    expect(byPath['services[0].healthCheck.timeout']).toMatchObject({ line: 7 });
    expect(byPath['services[0].healthCheck.timeout'].message).toContain('not a duration');
    expect(byPath['workload.clients[0].target']).toMatchObject({ line: 12 });
    expect(byPath['workload.clients[0].target'].message).toContain('no service named "nope"');
    expect(byPath['workload.clients[0].instances']).toMatchObject({ line: 13 });
    expect(byPath['workload.clients[0].executor.connections']).toMatchObject({ line: 14 });
    expect(byPath['workload.clients[0]'].message).toContain('duration');
    expect(result.issues).toHaveLength(7);
  });

  it('accepts every shipped recipe', () => {
    for (const file of ['quickstart.yaml']) {
      const result = parseRecipe(readFileSync(path.join(__dirname, '..', '..', '..', 'recipes', file), 'utf8'));
      expect(result.issues).toEqual([]);
    }
  });

  it('locates YAML syntax errors and duplicate keys', () => {
    const syntax = parseRecipe('name: x\nservices: [1\nworkload: {}');
    expect(syntax.ok).toBe(false);
    expect(syntax.issues[0].message).toMatch(/YAML syntax/);
    const dup = parseRecipe('name: a\nname: b\n');
    expect(dup.issues[0]).toMatchObject({ line: 2 });
    expect(dup.issues[0].message).toMatch(/duplicate key/);
  });

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = parseRecipe(bomb.join('\n'));
    expect(result.ok).toBe(false);
    expect(result.issues[0].message).toMatch(/alias/i);
  });

  it('`bench validate` prints all problems with file:line and exits 2', async () => {
    const res = await runBench(['validate', fixture('several-errors.yaml')], process.env, 60_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('7 problems');
    expect(res.stderr).toMatch(/several-errors\.yaml:5:5 services\[0\]\.prots: unknown field "prots"/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
