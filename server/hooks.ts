/**
 * What a long operation (a use case, an engine) is given to report and to be stopped: the CLI turns the reports into a
 * progress bar or JSON lines, a job into its progress events (server/jobs/run-task.ts).
 */
export interface Hooks {
  /** Fires to stop at the next safe point (CancelledError). */
  signal?: AbortSignal;
  /** A new phase begins (each use case names its phases). */
  onPhase?: (phase: string) => void;
  /** How far the current phase is, 0..1, with an optional word on what it is doing. */
  onProgress?: (fraction: number, detail?: string) => void;
}
