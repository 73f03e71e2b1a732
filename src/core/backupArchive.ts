/**
 * A minimal gzip'd ustar writer and reader for backup archives. Only regular files are written
 * and read: no links, no devices, so extracting an archive can never escape its target folder.
 * Every entry is hashed (SHA-256) as it streams through, for the manifest and its verification.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(name, 'utf8');
  // ustar keeps up to 100 bytes in `name` and 155 more in `prefix`, split at a slash.
  let nameBuf = bytes;
  let prefix = Buffer.alloc(0);
  if (bytes.length > 100) {
    const cut = name.lastIndexOf('/', name.length - 1);
    const p = Buffer.from(name.slice(0, cut), 'utf8');
    const n = Buffer.from(name.slice(cut + 1), 'utf8');
    if (cut <= 0 || p.length > 155 || n.length > 100) throw new Error(`archive entry name too long: ${name}`);
    nameBuf = n;
    prefix = p;
  }
  nameBuf.copy(h, 0);
  h.write(octal(0o600, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  prefix.copy(h, 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

export interface ArchiveEntry {
  name: string;
  size: number;
  sha256: string;
}

/** Writes `<file>.partial` and renames it into place on `finish`, so a half-written archive never carries the final name. */
export class ArchiveWriter {
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  readonly entries: ArchiveEntry[] = [];
  private readonly partial: string;

  constructor(readonly file: string) {
    this.partial = `${file}.partial`;
    this.out = fs.createWriteStream(this.partial, { mode: 0o600 });
    this.gzip.pipe(this.out);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.gzip.on('error', reject);
    });
    // The rejection is observed in finish(); avoid an unhandled rejection if abort() is used instead.
    this.done.catch(() => undefined);
  }

  private async write(buf: Buffer): Promise<void> {
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  /** Add a file from disk; `onBytes` reports progress. Reads exactly the size seen at the start. */
  async addFile(name: string, src: string, onBytes?: (n: number) => void): Promise<ArchiveEntry> {
    const st = fs.statSync(src);
    const hash = createHash('sha256');
    await this.write(header(name, st.size, st.mtime));
    let left = st.size;
    for await (const chunk of fs.createReadStream(src, { end: Math.max(0, st.size - 1), highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (st.size === 0) break;
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      hash.update(part);
      await this.write(part);
      left -= part.length;
      onBytes?.(part.length);
    }
    if (left > 0) throw new Error(`file shrank while archiving: ${src}`);
    await this.pad(st.size);
    const entry = { name, size: st.size, sha256: hash.digest('hex') };
    this.entries.push(entry);
    return entry;
  }

  async addBuffer(name: string, buf: Buffer): Promise<ArchiveEntry> {
    await this.write(header(name, buf.length, new Date()));
    await this.write(buf);
    await this.pad(buf.length);
    const entry = { name, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
    this.entries.push(entry);
    return entry;
  }

  private async pad(size: number) {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await this.done;
    fs.renameSync(this.partial, this.file);
  }

  abort(): void {
    this.gzip.destroy();
    this.out.destroy();
    fs.rmSync(this.partial, { force: true });
  }
}

/** What to do with one entry while reading: its bytes go to `write` (if any), then `end`. */
export interface EntrySink {
  write?(chunk: Buffer): void;
  end?(): void;
}

/**
 * Stream through an archive, calling `onEntry` for each regular file with its name and size; the
 * returned sink receives the bytes. Returns every entry with its SHA-256.
 */
export async function readArchive(file: string, onEntry: (name: string, size: number) => EntrySink | null, onBytes?: (n: number) => void): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let current: { name: string; size: number; left: number; pad: number; hash: ReturnType<typeof createHash>; sink: EntrySink | null } | null = null;
  let skip = 0;
  let ended = false;
  const input = fs.createReadStream(file);
  input.on('data', (c) => onBytes?.((c as Buffer).length));
  const gunzip = input.pipe(zlib.createGunzip());
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (ended) break;
      if (skip) {
        const n = Math.min(skip, buf.length);
        buf = buf.subarray(n);
        skip -= n;
        if (skip) break;
      }
      if (current) {
        const n = Math.min(current.left, buf.length);
        if (n) {
          const part = buf.subarray(0, n);
          current.hash.update(part);
          current.sink?.write?.(part);
          buf = buf.subarray(n);
          current.left -= n;
        }
        if (current.left) break;
        current.sink?.end?.();
        entries.push({ name: current.name, size: current.size, sha256: current.hash.digest('hex') });
        skip = current.pad;
        current = null;
        continue;
      }
      if (buf.length < BLOCK) break;
      const h = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        ended = true;
        break;
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
      if (sum !== parseInt(h.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8)) throw new Error('bad tar header checksum');
      const type = h.toString('latin1', 156, 157);
      if (type !== '0' && type !== '\0') throw new Error(`unsupported archive entry type ${JSON.stringify(type)}`);
      const cstr = (from: number, len: number) => {
        const s = h.subarray(from, from + len);
        const z = s.indexOf(0);
        return (z < 0 ? s : s.subarray(0, z)).toString('utf8');
      };
      const prefix = cstr(345, 155);
      const name = prefix ? `${prefix}/${cstr(0, 100)}` : cstr(0, 100);
      const size = parseInt(cstr(124, 12).trim() || '0', 8);
      if (!Number.isFinite(size) || size < 0) throw new Error('bad tar entry size');
      if (!safeEntryName(name)) throw new Error(`unsafe archive entry name: ${name}`);
      current = { name, size, left: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, hash: createHash('sha256'), sink: onEntry(name, size) };
    }
  }
  if (current) throw new Error('archive is truncated');
  return entries;
}

/** Relative, forward-slash, no `..`, no absolute path: an entry can only land inside the target. */
export function safeEntryName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((p) => p !== '' && p !== '.' && p !== '..') && !path.isAbsolute(name);
}
