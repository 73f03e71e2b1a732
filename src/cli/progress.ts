/** A one-line progress bar on stderr (only when it is a terminal; otherwise a line every 10 %). */
export function progressPrinter(label: string) {
  let lastPct = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === lastPct) return;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% (${done}/${total})`);
      if (pct === 100) process.stderr.write('\n');
    } else if (pct % 10 === 0 || pct === 100) {
      process.stderr.write(`${label} ${pct}% (${done}/${total})\n`);
    }
    lastPct = pct;
  };
}
