/**
 * A progress bar on stderr when it is a terminal, and silence otherwise, so
 * logs and pipes never fill with carriage returns.
 */
export interface Progress {
  update(done: number, note?: string): void;
  finish(): void;
}

export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY || total <= 0) return { update() {}, finish() {} };
  const width = 30;
  let lastDrawn = 0;
  const draw = (done: number, note = '') => {
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    stream.write(`\r${label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${note}`.padEnd(80));
  };
  return {
    update(done, note) {
      const now = Date.now();
      if (now - lastDrawn < 100) return; // redraw at most ten times a second
      lastDrawn = now;
      draw(done, note);
    },
    finish() {
      draw(total);
      stream.write('\n');
    },
  };
}
