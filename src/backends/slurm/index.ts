export type { JumpHostConfig, SlurmBackendConfig } from './config';
export { SlurmConnection, type SlurmLogger } from './connection';
export { HostKeyError } from './known-hosts';
export { slurmConfigFrom, type SlurmSettings } from './load-config';
export { RemoteCommandError } from './remote-exec';
export { SlurmBackend, type SlurmBackendOptions, type SlurmHandle, type SlurmRef } from './slurm-backend';
export { MaxPendingExceededError, waitForRunning, type WaitForRunningOptions, type WaitProgress } from './wait';
