import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from './crypto.js';

const KEY = 'k'.repeat(40);

describe('secrets at rest', () => {
  it('round-trips and never stores the plaintext', () => {
    const sealed = encryptSecret(KEY, 'capi', 'EAAB-token-123');
    expect(sealed).not.toContain('EAAB');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(decryptSecret(KEY, 'capi', sealed)).toBe('EAAB-token-123');
    expect(encryptSecret(KEY, 'capi', 'EAAB-token-123')).not.toBe(sealed);
  });

  it('fails with another key or purpose, or when tampered with', () => {
    const sealed = encryptSecret(KEY, 'capi', 'secret');
    expect(() => decryptSecret('x'.repeat(40), 'capi', sealed)).toThrow();
    expect(() => decryptSecret(KEY, 'other', sealed)).toThrow();
    expect(() => decryptSecret(KEY, 'capi', `${sealed.slice(0, -2)}AA`)).toThrow();
  });
});
