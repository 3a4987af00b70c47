import { describe, expect, it } from 'vitest';
import { checkSiteContent, checkSitePath, escapeHtml } from './site-files.js';

describe('local site files', () => {
  it('accepts static paths and gives their content type', () => {
    expect(checkSitePath('index.html')).toEqual({
      path: 'index.html',
      contentType: 'text/html; charset=utf-8',
    });
    expect(checkSitePath('img/logo.PNG').contentType).toBe('image/png');
  });

  it.each([
    '../etc/passwd.html',
    'a/../../x.html',
    '/abs.html',
    'C:/x.html',
    'a\\b.html',
    'shell.php',
    'x.phtml',
    'run.sh',
    'a/./b.html',
    '',
  ])('refuses %s', (path) => expect(() => checkSitePath(path)).toThrow());

  it('refuses server-side code in text files', () => {
    expect(() => checkSiteContent('index.html', Buffer.from('<p><?php system($_GET["c"]); ?></p>'))).toThrow(
      /PHP/,
    );
    expect(() => checkSiteContent('index.html', Buffer.from('<!--#exec cmd="ls" -->'))).toThrow();
    expect(() =>
      checkSiteContent('index.html', Buffer.from('<form><input value="{click}"></form>')),
    ).not.toThrow();
  });

  it('escapes values for HTML', () => {
    expect(escapeHtml(`"><script>x</script>`)).toBe('&#34;&#62;&#60;script&#62;x&#60;/script&#62;');
  });
});
