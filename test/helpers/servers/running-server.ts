export interface RunningServer {
  host: string;
  port: number;
  /** Main process id, e.g. to pin it to a core with taskset. */
  pid: number;
  stop(): Promise<void>;
}
