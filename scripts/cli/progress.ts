import cliProgress from 'cli-progress';

/**
 * Progress for long commands: a bar on a terminal (cli-progress), or one JSON line per phase and per whole percent on
 * stderr when stderr is not a terminal or `--json` is given, so cron and CI logs stay readable.
 */
export interface Progress {
  phase(name: string): void;
  update(fraction: number, detail?: string): void;
  stop(): void;
}

export function createProgress(options: { json?: boolean; quiet?: boolean } = {}): Progress {
  if (options.quiet) return { phase() {}, update() {}, stop() {} };
  if (options.json || !process.stderr.isTTY) return jsonProgress();
  return barProgress();
}

function jsonProgress(): Progress {
  let current = '';
  let lastPercent = -1;
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
      if (percent === lastPercent) return;
      lastPercent = percent;
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
      clearOnComplete: false,
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
