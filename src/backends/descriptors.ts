/**
 * Every backend's pure descriptor (settings schema and capabilities), for the recipe schema,
 * validation and workflow code. A new backend adds its line here and in registry.ts.
 */
import { kubernetesDescriptor } from './kubernetes/settings';
import { localDescriptor } from './local/settings';
import type { BackendCapabilities, BackendDescriptor } from './plugin';
import { slurmDescriptor } from './slurm/settings';
import { targetSettings, type BackendTarget } from './target';

export const BACKEND_DESCRIPTORS: readonly BackendDescriptor<any>[] = [localDescriptor, slurmDescriptor, kubernetesDescriptor]; // eslint-disable-line @typescript-eslint/no-explicit-any

export function findBackendDescriptor(kind: string): BackendDescriptor<unknown> | undefined {
  return BACKEND_DESCRIPTORS.find((d) => d.kind === kind);
}

export function capabilitiesOf(target: BackendTarget): BackendCapabilities {
  const descriptor = findBackendDescriptor(target.kind);
  if (!descriptor) throw new Error(`backend "${target.kind}" is unknown; backends: ${BACKEND_DESCRIPTORS.map((d) => d.kind).join(', ')}`);
  return descriptor.capabilities(targetSettings(target));
}
