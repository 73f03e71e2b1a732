// `npm test`: the unit and API suite (SQLite, or PostgreSQL when DATABASE_URL is set), then the
// browser suite in Debian's Chromium when it is installed (`apt-get install chromium`; .ci/run does).
// TEST_REPORT_DIR=dir also writes each pass's JSON report there (sqlite|postgres.json, e2e.json).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const reportDir = process.env.TEST_REPORT_DIR;
const report = (name) => (reportDir ? ['--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reportDir, `${name}.json`)}`] : []);
const run = (args) => spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', ...args], { stdio: 'inherit' }).status ?? 1;
const extra = process.argv.slice(2);
let code = run(['run', ...report(process.env.DATABASE_URL ? 'postgres' : 'sqlite'), ...extra]);
if (code === 0 && extra.length === 0) {
  if (fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) code = run(['run', '--config', 'vitest.e2e.config.ts', ...report('e2e')]);
  else console.log('\n浏览器测试未运行：未安装 Chromium (browser tests not run: /usr/bin/chromium missing; apt-get install chromium)');
}
process.exit(code);
