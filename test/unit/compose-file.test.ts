import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/temporal/search-attributes';

const FILE = path.join(__dirname, '..', '..', 'docker-compose.temporal.yml');

/** `docker compose` (v2 plugin) where present, else Debian's docker-compose 1.29: both validate the file. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  return ['docker-compose'];
}

describe('docker-compose.temporal.yml', () => {
  it('passes `compose config`', () => {
    const [cmd, ...args] = composeCommand();
    const out = execFileSync(cmd, [...args, '-f', FILE, 'config'], { encoding: 'utf8' });
    const config = parse(out);
    expect(Object.keys(config.services).sort()).toEqual(['bench-search-attributes', 'postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui']);
    expect(config.services.temporal.environment.DB).toBe('postgres12');
  });

  it('registers the same search attributes as the dev server', () => {
    const text = readFileSync(FILE, 'utf8');
    for (const sa of SEARCH_ATTRIBUTE_DEFINITIONS) expect(text).toContain(`${sa.name}=${sa.type}`);
  });
});
