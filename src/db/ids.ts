import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Opaque, time-ordered identifier (26 chars). Time-ordering keeps B-tree inserts local;
 * the random tail makes ids unguessable enough that they leak nothing about volumes.
 */
export function newId(now = Date.now()): string {
  let time = now;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[bytes[i] % 32];
  return head + tail;
}

/** Current instant as a UTC ISO string — the one stored time format in both dialects. */
export function nowIso(): string {
  return new Date().toISOString();
}
