import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktestReport } from './backtest-cli';

const data = fileURLToPath(new URL('../../../../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv', import.meta.url));
const doc = fileURLToPath(new URL('../../../docs/wfm-forecast-accuracy.md', import.meta.url));

describe.skipIf(!existsSync(data))('docs/wfm-forecast-accuracy.md', () => {
  it('is exactly what `shouwen wfm backtest` produces from the data (regenerate it after changing the forecaster)', async () => {
    expect(await runBacktestReport(data)).toBe(readFileSync(doc, 'utf8'));
  });
});
