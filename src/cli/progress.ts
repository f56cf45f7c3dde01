import cliProgress from 'cli-progress';

export interface ProgressView {
  update(done: number, total: number, detail: { files: string }): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent otherwise, so pipes and --json stay clean. */
export function progressBar(label: string): ProgressView {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {doneBytes} of {totalBytes} | {files} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  return {
    update(done, total, detail) {
      const payload = {
        doneBytes: formatBytes(done),
        totalBytes: formatBytes(total),
        files: detail.files,
        rate: formatBytes(done / Math.max(0.001, (Date.now() - started) / 1000)),
      };
      if (!begun) {
        bar.start(Math.max(total, 1), done, payload);
        begun = true;
      }
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done, payload);
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
