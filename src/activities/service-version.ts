import type { Endpoint } from '../backends/backend';
import type { ServiceConfig } from '../recipe/schema';
import { kindOptions, serviceKind } from '../services/catalog';
import { ExperimentFolder } from '../store/experiment-folder';
import { updateMetadata } from '../store/metadata';

/** metadata.out key for the version a service reported. */
export const versionKey = (service: string) => `service_${service}_version`;

/** Asks the running service which version it is and records the answer in metadata.out ("unknown" when it cannot say). */
export async function recordServiceVersion(folderDir: string, service: ServiceConfig, endpoint: Endpoint): Promise<void> {
  const kind = serviceKind(service.kind);
  let version: string | undefined;
  try {
    version = await kind.version?.(endpoint, kindOptions(service));
  } catch {
    version = undefined;
  }
  updateMetadata(ExperimentFolder.at(folderDir).metadataFile, { [versionKey(service.name)]: `${service.kind} ${version ?? service.version ?? 'unknown'}` });
}
