import { generateSecret } from '@otplib/core';
import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) through otplib v13's own packages: SHA-1, 6 digits, 30-second steps, which every
 * authenticator app reads from the otpauth:// URL. Node's crypto does the HMAC (the `otplib`
 * umbrella package would pull @noble/hashes, which wants Node 20.19+; we promise 20.10).
 * https://otplib.yeojz.dev/api/@otplib/totp
 */
const crypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();
const PERIOD = 30;
/** One step either side: a phone clock 30 s off still signs in. */
const TOLERANCE_SECONDS = PERIOD;

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32 as apps expect it. */
export function newTotpSecret(): string {
  return generateSecret({ crypto, base32, length: 20 });
}

export function otpauthUrl(secret: string, accountName: string, issuer: string): string {
  return generateTOTP({ secret, label: accountName, issuer, period: PERIOD });
}

/** The QR code of the otpauth URL as an SVG document (qrcode), for an <img> in the set-up screen. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The time step a code matches at `now` (within one step either side), or undefined. */
export async function totpStep(secret: string, code: string, now: Date): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    crypto,
    base32,
    period: PERIOD,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  });
  return result.valid ? result.timeStep : undefined;
}

/** The code an app shows at `now` (tests and the CLI compute codes with it). */
export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, crypto, base32, period: PERIOD, epoch: Math.floor(now.getTime() / 1000) });
}
