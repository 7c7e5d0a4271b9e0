/** bench's exit codes, listed in `bench --help`. */
export const EXIT = {
  ok: 0,
  /** The experiment ran but failed, was cancelled, or a comparison found a regression. */
  experimentFailed: 1,
  /** Bad input: an invalid recipe, unknown option, missing file. Nothing was started. */
  badInput: 2,
  /** The environment is not usable: Temporal unreachable, a tool missing. */
  environment: 3,
  /**
   * The experiment completed and its results are valid (summary.json, reports), but teardown could not
   * stop everything it launched (status completed_with_teardown_errors): the log and summary.json name
   * what; `bench reaper run` removes it once it can be stopped. `bench reaper run` exits with it too
   * when a leftover could not be stopped.
   */
  teardownErrors: 4,
  /** Interrupted by the user (Ctrl-C); a running experiment was cancelled and torn down. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    the experiment failed or was cancelled (compare: a regression was found)
  2    bad input: invalid recipe, unknown option, missing file (nothing was started)
  3    environment: Temporal unreachable, a required tool missing
  4    the experiment completed with valid results, but teardown could not stop everything
       (status completed_with_teardown_errors; the summary names what; \`bench reaper run\` removes it)
  130  interrupted (Ctrl-C); the running experiment was cancelled and torn down`;
