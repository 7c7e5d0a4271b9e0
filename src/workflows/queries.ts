import { defineQuery } from '@temporalio/workflow';
import type { ExperimentProgress } from './types';

/** `bench status`, `bench run` and the Web UI's query tab read an experiment's live progress with this. */
export const progressQuery = defineQuery<ExperimentProgress>('progress');
