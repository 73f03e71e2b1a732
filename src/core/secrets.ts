import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Protects personal data at rest (ID numbers). AES-256-GCM for the value, an HMAC for exact-match
 * lookup, and a masked copy for display — so no page or log ever needs the clear value.
 */
export class Secrets {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    const root = createHash('sha256').update(secret).digest();
    this.encKey = createHmac('sha256', root).update('enc').digest();
    this.macKey = createHmac('sha256', root).update('mac').digest();
  }

  /** Secret from SHOUWEN_SECRET, else a key file generated once in the data folder. */
  static load(secret: string | undefined, dataDir: string): Secrets {
    if (secret) return new Secrets(secret);
    const file = path.join(dataDir, 'secret.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    return new Secrets(fs.readFileSync(file, 'utf8').trim());
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
  }

  decrypt(token: string): string {
    const [v, iv, tag, body] = token.split(':');
    if (v !== 'v1') throw new Error('unknown cipher version');
    const d = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  }

  lookupHash(value: string): string {
    return createHmac('sha256', this.macKey).update(value.trim().toUpperCase()).digest('hex');
  }
}

/** Token hashing for sessions and API tokens: only the hash is stored. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
