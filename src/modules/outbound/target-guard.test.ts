import { describe, expect, it } from 'vitest';
import { addressRange, createTargetGuard, isPublicAddress } from './target-guard.js';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s)', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses what is not an address at all', () => {
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });
});

describe('createTargetGuard', () => {
  const lookup = async (host: string) =>
    ({ 'public.example': ['93.184.216.34'], 'mixed.example': ['93.184.216.34', '10.0.0.5'] })[host] ?? [];

  it('allows a name whose every address is public', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, lookup });
    expect(await guard.check('https://public.example/leads')).toMatchObject({ allowed: true });
  });

  it('pins the checked addresses: one pool per name and answer, a new one when the answer changes', async () => {
    const answers = [['93.184.216.34'], ['93.184.216.34'], ['93.184.216.35']];
    const guard = createTargetGuard({
      allowPrivateTargets: false,
      lookup: async () => answers.shift() ?? [],
    });
    const dispatcherOf = async () => {
      const verdict = await guard.check('https://public.example/');
      return verdict.allowed ? verdict.dispatcher : undefined;
    };
    const first = await dispatcherOf();
    expect(first).toBeDefined();
    expect(await dispatcherOf()).toBe(first);
    expect(await dispatcherOf()).not.toBe(first);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, lookup });
    const verdict = await guard.check('https://mixed.example/leads');
    expect(verdict).toMatchObject({ allowed: false, reason: expect.stringContaining('10.0.0.5 (private)') });
  });

  it('checks IP literals without DNS, IPv6 in brackets included', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, lookup: async () => ['8.8.8.8'] });
    expect((await guard.check('http://[::1]:8080/')).allowed).toBe(false);
    expect((await guard.check('http://2130706433/')).allowed).toBe(false); // 127.0.0.1 as a number
    expect((await guard.check('http://8.8.8.8/')).allowed).toBe(true);
  });

  it('refuses schemes other than http and https, even with private targets allowed', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: true, lookup });
    expect(await guard.check('file:///etc/passwd')).toMatchObject({ allowed: false });
    expect(await guard.check('not a url')).toMatchObject({ allowed: false, reason: 'not a valid URL' });
  });

  it('allows private targets when ALLOW_PRIVATE_TARGETS is on', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: true, lookup });
    expect(await guard.check('http://127.0.0.1:9000/')).toEqual({ allowed: true });
    expect(await guard.check('http://mixed.example/')).toEqual({ allowed: true });
  });

  it('refuses a name without addresses', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, lookup });
    expect(await guard.check('http://nowhere.example/')).toMatchObject({ allowed: false });
  });
});
