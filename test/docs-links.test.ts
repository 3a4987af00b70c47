import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every internal link in README.md, SECURITY.md and docs/ leads somewhere: the file exists, and a
 * `#anchor` names a heading of it (GitHub's slugs: lower case, punctuation dropped, spaces to "-",
 * repeats numbered -1, -2 …). Links to other sites are not followed (no network here).
 */
const ROOT = resolve('.');

function markdownFiles(): string[] {
  const files = ['README.md', 'SECURITY.md'].filter((f) => existsSync(f));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync('docs')) walk('docs');
  return files;
}

/** GitHub's heading anchors of a markdown file. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const text = heading[1]
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Inline links and images outside code: `[text](target)`. */
function linksOf(markdown: string): string[] {
  const links: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (match[1]) links.push(match[1]);
    }
  }
  return links;
}

describe('documentation links', () => {
  it('every internal link names a file that exists and, with #anchor, a heading of it', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const link of linksOf(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto:
        checked += 1;
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
        if (!existsSync(target)) {
          broken.push(`${file}: ${link} (no ${relative(ROOT, target)})`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${file}: ${link} (no heading #${anchor} in ${relative(ROOT, target)})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('docs/README.md, the index, links every page under docs/', () => {
    const index = readFileSync('docs/README.md', 'utf8');
    const linked = new Set(
      linksOf(index).map((link) => join('docs', decodeURIComponent(link.split('#')[0] ?? ''))),
    );
    const pages = markdownFiles().filter((f) => f.startsWith('docs/') && f !== join('docs', 'README.md'));
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it('README opens with the two commands: install and run the server, install and run every test', () => {
    const readme = readFileSync('README.md', 'utf8');
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(commands).toEqual([
      'npm ci && ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=change-me-now npm start',
      'npm ci && npm test',
    ]);
    expect(readme.indexOf('```bash')).toBeLessThan(readme.indexOf('\n## '));
  });

  it('makes GitHub’s anchors', () => {
    const anchors = anchorsOf(
      '# Click tracking\n## Roles & permissions\n## `leadrail start`\n## Roles & permissions\n```\n# not a heading\n```',
    );
    expect([...anchors]).toEqual([
      'click-tracking',
      'roles--permissions',
      'leadrail-start',
      'roles--permissions-1',
    ]);
  });
});
