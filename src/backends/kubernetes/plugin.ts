import type { BackendPlugin } from '../plugin';
import { KubernetesBackend } from './kubernetes-backend';
import { kubernetesDescriptor, kubernetesSettingsSchema, type KubernetesSettings } from './settings';

export const kubernetesBackendPlugin: BackendPlugin<KubernetesSettings> = {
  ...kubernetesDescriptor,
  create: (settings, ctx) => new KubernetesBackend(settings ?? kubernetesSettingsSchema.parse({}), { baseDir: ctx.baseDir, warn: ctx.warn }),
};
