import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { archiveName, backupSettings, createBackup, restoreBackup, restoreTargetOf, verifyArchive } from '../core/backup';
import { t } from '../core/i18n';
import { openContext } from '../core/bootstrap';
import { progressPrinter } from './progress';

const err = (m: string) => process.stderr.write(`${m}\n`);

/** `shouwen backup [file]`: one archive (database, secret key, attachments, manifest); default into SHOUWEN_BACKUP_DIR. */
export async function backupCmd(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const config = loadConfig();
  const file = positionals[0] ?? path.join(backupSettings(config).dir, archiveName());
  const ctx = await openContext(config);
  try {
    const started = Date.now();
    err('正在复制数据库 (copying the database)…');
    const m = await createBackup(ctx, file, { onProgress: progressPrinter('备份 backup'), log: err });
    const size = fs.statSync(file).size;
    if (m.secret.kind === 'external') err(t('zh-CN', 'backup.secret_external'));
    console.log(
      `备份完成 backup written: ${path.resolve(file)} (${(size / 1048576).toFixed(1)} MB, ${Object.values(m.tables).reduce((a, b) => a + b, 0)} 行 rows, ${m.attachments.files} 个附件 attachments, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return 0;
  } finally {
    await ctx.store.close();
  }
}

/** `shouwen restore <archive> [--into DIR] [--force]`, and `--verify-only` to check an archive. */
export async function restoreCmd(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { into: { type: 'string' }, force: { type: 'boolean' }, 'verify-only': { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || !fs.existsSync(file)) {
    err('用法 usage: shouwen restore <archive.tar.gz> [--into DIR] [--force] [--verify-only]');
    return 2;
  }
  if (values['verify-only']) {
    const m = await verifyArchive(file, progressPrinter('校验 verify'));
    console.log(`备份完好 archive OK: ${m.dialect}, ${m.createdAt}, ${Object.keys(m.files).length} 个文件 files`);
    return 0;
  }
  const config = loadConfig();
  const target = restoreTargetOf(config);
  if (values.into) {
    // A new folder: its own database file (SQLite), key and attachments.
    target.dataDir = path.resolve(values.into);
    target.attachmentsDir = path.join(target.dataDir, 'attachments');
  }
  const r = await restoreBackup(file, target, { force: values.force, onProgress: progressPrinter('校验 verify'), log: err });
  for (const w of r.warnings) err(t('zh-CN', w));
  if (r.movedAside) err(`原有数据已移到 previous contents moved to: ${r.movedAside}`);
  console.log(`恢复完成 restore complete: ${target.dataDir}${config.databaseUrl ? ' (PostgreSQL)' : ''}，备份时间 taken at ${r.manifest.createdAt}`);
  return 0;
}
