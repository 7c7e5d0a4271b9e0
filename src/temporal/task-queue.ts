export const DEFAULT_TASK_QUEUE = 'bench-experiments';

export function taskQueue(): string {
  return process.env.BENCH_TASK_QUEUE || DEFAULT_TASK_QUEUE;
}
