import { describe, expect, it } from 'vitest';
import { base64ToText, formatBytes, insertSnippet, textToBase64, uploadProblem } from './site-upload';

describe('local site uploads', () => {
  it('round-trips UTF-8 text through base64', () => {
    const text = 'Заказ — <b>{click}</b> ✓';
    expect(base64ToText(textToBase64(text))).toBe(text);
    expect(textToBase64('hi')).toBe('aGk=');
  });

  it('says in words why a file cannot go', () => {
    expect(uploadProblem('img/logo.png', 2048)).toBeUndefined();
    expect(uploadProblem('shell.php', 10)).toMatch(
      /^shell\.php: only static files are hosted \(\.html .*\.php is not/,
    );
    expect(uploadProblem('README', 10)).toMatch(/a file without an extension is not one of them/);
    expect(uploadProblem('big.jpg', 1.5 * 1024 * 1024)).toBe(
      'big.jpg is 1.5 MB; a file may be at most 1 MB.',
    );
    expect(formatBytes(1536)).toBe('1.5 KB');
  });

  it('inserts the order form at the cursor, or before </body>', () => {
    expect(insertSnippet('<body><p>a</p></body>', '<form></form>', 0)).toBe(
      '<body><p>a</p><form></form>\n</body>',
    );
    expect(insertSnippet('<p>a</p><p>b</p>', 'X', 8)).toBe('<p>a</p>X\n<p>b</p>');
    expect(insertSnippet('<p>a</p>', 'X', 0)).toBe('<p>a</p>X\n');
  });
});
