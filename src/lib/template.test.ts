import { describe, expect, it } from 'vitest';
import { fillString, isUnfilledMacro } from './template.js';

describe('isUnfilledMacro', () => {
  it('recognises a macro left as it was, and nothing with a real value in it', () => {
    for (const value of ['{click_id}', '{click}', ' {clickid} ', '{{click_id}}', '{{ subid }}', '{}']) {
      expect(isUnfilledMacro(value), value).toBe(true);
    }
    for (const value of [undefined, '', '01KT1GW6G0H2PTE0RGGBQX2MJD', 'a{click}', '{click}b', '{a}{b}']) {
      expect(isUnfilledMacro(value), String(value)).toBe(false);
    }
  });
});

describe('fillString', () => {
  it('fills known placeholders and leaves unknown ones', () => {
    expect(fillString('{a}-{b}', { a: '1' })).toBe('1-{b}');
  });
});
