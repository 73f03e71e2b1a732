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
  // Within one millisecond the tail counts up from the previous id, so ids made by one process
  // sort in the order they were made (append-only logs ordered by (at, id) stay in order).
  const tail = now === lastTime && lastTail ? increment(lastTail) : randomTail();
  lastTime = now;
  lastTail = tail;
  return head + tail;
}

let lastTime = -1;
let lastTail = '';
function randomTail(): string {
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[nextRandomByte() % 32];
  return tail;
}
function increment(tail: string): string {
  const digits = tail.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(digits[i]);
    if (v < 31) {
      digits[i] = ALPHABET[v + 1];
      return digits.join('');
    }
    digits[i] = ALPHABET[0];
  }
  return randomTail(); // 32^16 ids in one millisecond: cannot happen
}

// Random bytes drawn 4 KiB at a time: one call into the CSPRNG per 256 ids instead of one per id
// (it showed in profiles of order creation, which makes several ids per request).
let pool = Buffer.alloc(0);
let poolAt = 0;
function nextRandomByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  return pool[poolAt++];
}

/** Current instant as a UTC ISO string — the one stored time format in both dialects. */
export function nowIso(): string {
  return new Date().toISOString();
}
