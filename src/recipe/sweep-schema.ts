/**
 * The recipe's `sweep:` block: the same experiment at many parameter points, each repeated, or a
 * search for the highest open-loop rate that keeps a metric within a limit. Pure zod.
 */
import { z } from 'zod';
import { parseDuration } from './duration';

const pathKey = z.string().min(1).meta({ description: 'A recipe path, e.g. workload.clients[load].executor.connections ([name] or [index] picks a list item).' });

const partialPoint = z.record(pathKey, z.unknown()).meta({ description: 'Some swept paths and their values.' });

export const SEARCH_METRICS = ['p50', 'p90', 'p99', 'p999', 'errorRate'] as const;
export type SearchMetric = (typeof SEARCH_METRICS)[number];

/** "10ms"/"1s"/a number of ms for latencies, "1%"/a ratio for errorRate: the metric decides. */
const limit = z.union([z.number().nonnegative(), z.string().min(1)]);
const ratio = z.union([z.number().positive().max(1), z.string().regex(/^\d+(\.\d+)?%$/, 'write a percentage like 5%')]);

const searchSchema = z
  .strictObject({
    parameter: pathKey.meta({ description: 'The open-loop rate to search, e.g. workload.clients[load].executor.rate.' }),
    low: z.number().positive().meta({ description: 'A value expected to pass: the search starts here.' }),
    high: z.number().positive().optional().meta({ description: 'A first guess expected to fail (default 10 × low); doubled while it still passes.' }),
    metric: z.enum(SEARCH_METRICS).meta({ description: 'What must stay within the limit: a latency percentile or errorRate.' }),
    below: limit.meta({ description: 'The limit: a duration with its unit for latencies (10ms), a percentage or ratio for errorRate (1%).' }),
    precision: ratio.default(0.05).meta({ description: 'Stop when the bracket [pass, fail] is within this share of its upper end (default 5%).' }),
    maxRuns: z.number().int().min(2).max(200).default(20).meta({ description: 'Give up (keeping the best passing value) after this many runs.' }),
  })
  .meta({ description: 'Find the highest rate whose metric stays below the limit: bracketing, then bisection.' });

export const sweepSchema = z
  .strictObject({
    parameters: z.record(pathKey, z.array(z.unknown()).min(1, 'give at least one value')).default({}).meta({ description: 'Recipe path → values; every combination is a point.' }),
    exclude: z.array(partialPoint).default([]).meta({ description: 'Points to leave out: each entry matches every point with those values.' }),
    include: z.array(partialPoint).default([]).meta({ description: 'Extra points (each a full set of swept values) beyond the combinations.' }),
    repetitions: z.number().int().min(1).max(100).default(1).meta({ description: 'Runs of each point (for confidence intervals).' }),
    maxParallel: z.number().int().min(1).max(64).default(1).meta({ description: 'Points run at the same time; 1 unless the cluster has room for several without them disturbing each other.' }),
    search: searchSchema.optional(),
  })
  .meta({ description: 'Run this recipe at many parameter points (or search for the highest passing rate); every run is an experiment of its own.' });

export type SweepConfig = z.output<typeof sweepSchema>;
export type SearchConfig = z.output<typeof searchSchema>;

/** The search limit in the metric's unit (ms for latencies, a ratio for errorRate), or undefined when it cannot be read. */
export function searchLimit(search: Pick<SearchConfig, 'metric' | 'below'>): number | undefined {
  if (search.metric === 'errorRate') return readRatio(search.below);
  // A bare number is seconds in every other duration field: a latency limit must carry its unit.
  if (typeof search.below === 'number') return undefined;
  return parseDuration(search.below);
}

export function readRatio(v: number | string): number | undefined {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(v.trim());
  return m ? Number(m[1]) / 100 : undefined;
}
