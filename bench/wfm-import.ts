/**
 * Import of 1,000,000 call records: the two Anonymous Bank months repeated into a temporary
 * TSV (each repetition shifted back one year so intervals do not just pile up), then streamed
 * through the parser, and through parser + 30-minute interval statistics.
 * Aim: < 60 s. Run: npx tsx bench/wfm-import.ts [rows]
 */
import { createReadStream, createWriteStream, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { anonymousBankFormat, importCallRecords, splitLines } from '../src/modules/wfm/callRecords';
import { createIntervalAccumulator } from '../src/modules/wfm/intervals';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../shared/data/anonymous-bank');
const target = Number(process.argv[2] ?? 1_000_000);

async function writeRepeated(file: string): Promise<number> {
  const months = ['1999-01.tsv', '1999-02.tsv'].map((f) => readFileSync(path.join(dataDir, f), 'utf8').split('\n'));
  const header = months[0][0];
  const rows = months.flatMap((lines) => lines.slice(1).filter((l) => l.trim() !== ''));
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${header}\n`);
  let n = 0;
  for (let rep = 0; n < target; rep++) {
    const yy = String((99 - rep + 100) % 100).padStart(2, '0');
    let chunk = '';
    for (const line of rows) {
      if (n >= target) break;
      // Column 6 is the YYMMDD date; rewrite the year for this repetition.
      const f = line.split('\t');
      f[5] = yy + f[5].slice(2);
      chunk += `${f.join('\t')}\n`;
      n++;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return n;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'wfm-import-'));
const file = path.join(dir, 'calls.tsv');
try {
  const rows = await writeRepeated(file);
  console.log(`node ${process.version}; ${rows} data rows in a temporary TSV`);
  const format = anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' });

  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  let t0 = performance.now();
  let count = 0;
  let rep = await importCallRecords(splitLines(createReadStream(file)), format, () => {
    if (++count % 100_000 === 0) sample();
  });
  let s = (performance.now() - t0) / 1000;
  console.log(`parse only:           ${s.toFixed(1)} s  (${Math.round(rep.rowsRead / s)} rows/s; records ${rep.records}, malformed ${rep.malformed}, ignored ${rep.ignored}; peak RSS ${mb(peak)})`);

  peak = 0;
  const acc = createIntervalAccumulator({ intervalMinutes: 30, timeZone: 'Asia/Jerusalem' });
  t0 = performance.now();
  count = 0;
  rep = await importCallRecords(splitLines(createReadStream(file)), format, (r) => {
    acc.add(r);
    if (++count % 100_000 === 0) sample();
  });
  const stats = acc.result();
  s = (performance.now() - t0) / 1000;
  console.log(`parse + 30-min stats: ${s.toFixed(1)} s  (${Math.round(rep.rowsRead / s)} rows/s; ${stats.length} queue-intervals; peak RSS ${mb(peak)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
