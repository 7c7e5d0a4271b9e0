import path from 'node:path';
import type { Backend, BackendKind } from './backend';
import { LocalBackend } from './local/local-backend';

export interface BackendRegistry {
  get(kind: BackendKind): Backend;
}

/** Backends are created once per worker; the state folder holds what survives restarts. */
export function createBackendRegistry(stateDir: string, extra: Partial<Record<BackendKind, Backend>> = {}): BackendRegistry {
  const backends: Partial<Record<BackendKind, Backend>> = { local: new LocalBackend({ stateDir: path.resolve(stateDir) }), ...extra };
  return {
    get(kind) {
      const backend = backends[kind];
      if (!backend) throw new Error(`backend "${kind}" is not available in this worker; configure it or use backend: local`);
      return backend;
    },
  };
}
