import { z } from 'zod';
import type { ServiceKind } from './service-kind';

const options = z.strictObject({
  path: z.string().min(1).meta({ description: 'Directory to exercise, as the node sees it (created when missing); give fio the same folder as its directory option.' }),
});

/**
 * Storage under test: a directory on the node's file system. Nothing serves it; a holder process keeps
 * the launch alive (and so supervised) while clients such as fio exercise the folder it created.
 */
export const filesystem: ServiceKind<z.output<typeof options>> = {
  kind: 'filesystem',
  description: 'A directory on the node (local disk, NFS, Lustre...) exercised by a storage client such as fio',
  options,
  defaultPorts: {},
  protocols: ['storage'],
  launch(_service, o) {
    return { setup: [['mkdir', '-p', o.path], ['test', '-w', o.path]], command: ['sleep', '2147483647'] };
  },
  defaultProbe: (_service, o) => ({ type: 'exec', command: ['test', '-w', o.path] }),
  install: { hint: 'needs only a writable folder; clients use fio (apt-get install fio)' },
};
