import { defineQuery } from '@temporalio/workflow';
import type { ExperimentProgress } from './types';
import type { SweepProgress } from './sweep-types';

/** `bench status`, `bench run` and the Web UI's query tab read an experiment's live progress with this. */
export const progressQuery = defineQuery<ExperimentProgress>('progress');

/** A sweep's live progress: runs done, running and the latest results. */
export const sweepProgressQuery = defineQuery<SweepProgress>('sweepProgress');
