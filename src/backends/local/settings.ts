/** What the local backend (processes on the worker's host, the embedded default) can do. Pure. */
import type { BackendDescriptor } from '../plugin';

export const localDescriptor: BackendDescriptor = {
  kind: 'local',
  description: "processes on the worker's own host (the embedded default): no images, no queue",
  capabilities: () => ({
    bindAddress: '127.0.0.1',
    portChoice: 'worker',
    portsPickedWhereRun: false,
    taskGroups: false,
    reschedule: false,
    queue: false,
    imagesRequired: false,
    images: false,
    memoryLimit: false,
    placement: [],
    copiesBack: false,
  }),
};
