/**
 * A small key-value store in IndexedDB (photos are Blobs, which localStorage cannot hold), with a
 * memory fallback where IndexedDB is unavailable (private windows of some browsers).
 */
const DB_NAME = 'shouwen-offline';
const STORE = 'kv';

let opening: Promise<IDBDatabase | null> | null = null;
const memory = new Map<string, unknown>();

function open(): Promise<IDBDatabase | null> {
  if (!opening) {
    opening = new Promise((resolve) => {
      try {
        const req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(STORE);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
  }
  return opening;
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        if (!db) return resolve(undefined);
        const req = fn(db.transaction(STORE, mode).objectStore(STORE));
        req.onsuccess = () => resolve(req.result as T);
        req.onerror = () => reject(req.error);
      }),
  );
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  if (!(await open())) return memory.get(key) as T | undefined;
  return run<T>('readonly', (s) => s.get(key));
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  if (!(await open())) {
    memory.set(key, value);
    return;
  }
  await run('readwrite', (s) => s.put(value, key));
}

export async function kvDelete(key: string): Promise<void> {
  if (!(await open())) {
    memory.delete(key);
    return;
  }
  await run('readwrite', (s) => s.delete(key));
}

/**
 * The last copy of a read (job list, order), kept per user in localStorage so a phone without a
 * connection still shows the day's work, marked as offline data.
 */
export interface Cached<T> {
  data: T;
  at: number;
}

const cacheKey = (userId: string, key: string) => `shouwen.tech.${userId}.${key}`;

export function readCache<T>(userId: string, key: string): Cached<T> | null {
  try {
    const raw = localStorage.getItem(cacheKey(userId, key));
    return raw ? (JSON.parse(raw) as Cached<T>) : null;
  } catch {
    return null;
  }
}

export function writeCache(userId: string, key: string, data: unknown): void {
  try {
    localStorage.setItem(cacheKey(userId, key), JSON.stringify({ data, at: Date.now() }));
  } catch {
    // Storage full or blocked: the app works online without the copy.
  }
}
