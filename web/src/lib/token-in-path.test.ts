import { describe, expect, it } from 'vitest';
import { tokenInPath } from './token-in-path';

describe('the postback URL with the token in the path', () => {
  it('moves the token from the query into the path and keeps the macros readable', () => {
    expect(
      tokenInPath(
        'https://net.example/postback?click_id={click_id}&status={status}&payout={payout}&token=abc123',
        'abc123',
      ),
    ).toBe('https://net.example/postback/abc123?click_id={click_id}&status={status}&payout={payout}');
  });
  it('leaves a URL it cannot read as it is', () => {
    expect(tokenInPath('not a url', 't')).toBe('not a url');
  });
});
