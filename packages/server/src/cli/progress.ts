/**
 * Progress for long jobs (rebuild, verify, import, backup, restore): a live bar on a terminal,
 * and a line every 10% when the output is a log file or CI, so both humans and logs see it.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0);
    return { update: (done) => bar.update(Math.min(done, Math.max(total, 1))), stop: () => bar.stop() };
  }
  let lastDecile = -1;
  const report = (done: number) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    const decile = Math.floor(pct / 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${label}: ${done}/${total} (${pct}%)\n`);
    }
  };
  return { update: report, stop: () => report(total) };
}
