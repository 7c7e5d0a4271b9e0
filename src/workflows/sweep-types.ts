/** Types of the sweep workflow, shared with the CLI and activities. Pure. */
import type { RateSearchState } from './rate-search';
import type { SweepSearchSummary, SweepStatus } from '../reports/sweep/sweep-summary';

export interface SweepInput {
  /** Defaults to the workflow id. */
  sweepId?: string;
  recipeText: string;
  recipeSource?: string;
  /** Absolute path of the experiments folder on the worker's machine. */
  outputRoot: string;
  /** Continue as new after this many runs in one history (default 200). */
  runsPerHistory?: number;
  /** What earlier runs of this sweep (before continue-as-new) did. */
  carried?: SweepCarry;
}

export interface SweepCarry {
  startedAt: string;
  done: SweepRunDone[];
  search?: RateSearchState;
}

export interface SweepRunDone {
  point: number;
  repetition: number;
  status: string;
  /** A search run (numbered in the order the search tried values). */
  search?: boolean;
}

export interface SweepProgress {
  sweepId: string;
  recipe: string;
  status: SweepStatus;
  /** Runs planned (for a search: at most). */
  plannedRuns: number;
  /** Points planned (0 for a search) and runs of each. */
  plannedPoints?: number;
  repetitions?: number;
  done: number;
  /** Runs that did not complete (failed or cancelled). */
  failed: number;
  running: { experimentId: string; label: string; repetition: number; point?: number }[];
  /** The latest finished runs, newest first. */
  last: { experimentId: string; label: string; repetition: number; point?: number; status: string; opsPerSec: number; p99Ms: number }[];
  startedAt?: string;
  folder?: string;
  error?: string;
  /** Set while the sweep hands over to its next run (continue-as-new). */
  continuing?: boolean;
}

export interface SweepResult {
  sweepId: string;
  folder: string;
  status: SweepStatus;
  runs: { completed: number; failed: number; cancelled: number };
  search?: SweepSearchSummary;
}
