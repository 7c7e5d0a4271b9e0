import type { Client } from '@temporalio/client';
import type { BackendRegistry } from '../backends/registry';

/** What activities need from the worker that hosts them. */
export interface ActivityDeps {
  backends: BackendRegistry;
  /** The bench checkout, for launching `bench client` locally. */
  projectRoot: string;
  /** State folder of the worker (local backend handles, journal). */
  stateDir: string;
  /** A Temporal client (the reaper asks workflow statuses); by default one is connected from the environment. */
  temporalClient?: () => Promise<Client>;
}
