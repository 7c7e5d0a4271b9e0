import path from 'node:path';
import type { BackendPlugin } from '../plugin';
import { LocalBackend } from './local-backend';
import { localDescriptor } from './settings';

export const localBackendPlugin: BackendPlugin = {
  ...localDescriptor,
  create: (_settings, ctx) => new LocalBackend({ stateDir: path.resolve(ctx.stateDir) }),
};
