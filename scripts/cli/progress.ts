import cliProgress from 'cli-progress';
import type { Hooks } from '../../server/hooks.ts';

/**
 * Progress for long commands: a bar on a terminal (cli-progress), or one JSON line per phase and per whole percent (and
 * at most one a second for a changed detail, such as the Spark engine's task counts) on stderr when stderr is not a
 * terminal or `--json` is given, so cron and CI logs stay readable.
 */
export interface Progress {
  phase(name: string): void;
  update(fraction: number, detail?: string): void;
  stop(): void;
}

/** A use case's hooks that report to the progress display: each phase by name, progress within it. */
export function progressHooks(progress: Progress, signal?: AbortSignal): Hooks {
  return {
    signal,
    onPhase: (phase) => progress.phase(phase),
    onProgress: (fraction, detail) => progress.update(fraction, detail),
  };
}

export function createProgress(options: { json?: boolean; quiet?: boolean } = {}): Progress {
  if (options.quiet) return { phase() {}, update() {}, stop() {} };
  if (options.json || !process.stderr.isTTY) return jsonProgress();
  return barProgress();
}

function jsonProgress(): Progress {
  let current = '';
  let lastPercent = -1;
  let lastDetail: string | undefined;
  let lastLine = 0;
  const emit = (record: Record<string, unknown>) =>
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
  return {
    phase(name) {
      current = name;
      lastPercent = -1;
      emit({ event: 'phase', phase: name });
    },
    update(fraction, detail) {
      const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      // A new percent, or news in the detail (a Spark task count) at most once a second.
      const news = detail !== lastDetail && performance.now() - lastLine >= 1000;
      if (percent === lastPercent && !news) return;
      lastPercent = percent;
      lastDetail = detail;
      lastLine = performance.now();
      emit({ event: 'progress', phase: current, percent, ...(detail !== undefined && { detail }) });
    },
    stop() {},
  };
}

function barProgress(): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} |{bar}| {percentage}% {detail}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    phase(name) {
      phase = name.padEnd(12);
      if (!started) {
        bar.start(100, 0, { phase, detail: '' });
        started = true;
      } else bar.update(0, { phase, detail: '' });
    },
    update(fraction, detail) {
      if (!started) this.phase('working');
      bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { phase, detail: detail ?? '' });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
