import { describe, expect, it } from 'vitest';
import { isIban, normaliseDestination } from './destination.js';

describe('normaliseDestination', () => {
  it('takes well-formed wallet addresses for each chain', () => {
    expect(normaliseDestination('eth', '0x52908400098527886E0F7030069857D2E4169EE7')).toBe(
      '0x52908400098527886E0F7030069857D2E4169EE7',
    );
    expect(normaliseDestination('usdt_erc20', ' 0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae ')).toBe(
      '0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae',
    );
    expect(normaliseDestination('usdt_trc20', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toBe(
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    );
    for (const btc of [
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
    ]) {
      expect(normaliseDestination('btc', btc)).toBe(btc);
    }
  });

  it('refuses malformed addresses, naming the shape it wanted', () => {
    const cases: [Parameters<typeof normaliseDestination>[0], string][] = [
      ['eth', '0x52908400098527886E0F7030069857D2E4169EE'], // 39 hex digits
      ['eth', '52908400098527886E0F7030069857D2E4169EE7'], // no 0x
      ['usdt_erc20', '0xZZ908400098527886E0F7030069857D2E4169EE7'],
      ['usdt_trc20', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6'], // 32 after T
      ['usdt_trc20', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60'], // 0 is not base58
      ['usdt_trc20', '0x52908400098527886E0F7030069857D2E4169EE7'], // an ERC-20 address on TRC-20
      ['btc', '2A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'],
      ['btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb'], // b is not bech32
      ['btc', 'bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'], // mixed case
      ['paypal', 'not-an-email'],
      ['wise', 'DE89370400440532013001'], // bad check digits
    ];
    for (const [method, value] of cases) {
      expect(() => normaliseDestination(method, value), `${method} ${value}`).toThrow(/needs/);
    }
  });

  it('takes an email or an IBAN for Wise, the IBAN without spaces', () => {
    expect(normaliseDestination('wise', 'pay@arjun.example')).toBe('pay@arjun.example');
    expect(normaliseDestination('wise', 'de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(normaliseDestination('paypal', 'arjun@example.com')).toBe('arjun@example.com');
  });
});

describe('isIban', () => {
  it('checks the mod-97 digits', () => {
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });
});
