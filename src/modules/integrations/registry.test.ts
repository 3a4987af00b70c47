import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertKnownTemplateVariables } from '../advertisers/template-variables.js';
import { recogniseStatus } from '../conversions/recognise-status.js';
import { checkTemplate, clickMacroMatches } from './check-template.js';
import { fillSamplePostback, INTEGRATION_TEMPLATES, postbackUrlFor, savedStatusMap } from './registry.js';

describe('network integration templates', () => {
  it('has at least 30 templates with unique keys, each citing a public page', () => {
    expect(INTEGRATION_TEMPLATES.length).toBeGreaterThanOrEqual(30);
    for (const t of INTEGRATION_TEMPLATES) {
      expect(t.docs_url, t.key).toMatch(/^https:\/\/\S+$/);
      expect(['verified', 'partial', 'unverified'], t.key).toContain(t.verification);
      // An unchecked template says so where the operator reads it.
      if (t.verification === 'unverified') expect(t.notes, t.key).toMatch(/^(Partly )?[Uu]nverified/);
    }
    expect(new Set(INTEGRATION_TEMPLATES.map((t) => t.key)).size).toBe(INTEGRATION_TEMPLATES.length);
  });

  for (const template of INTEGRATION_TEMPLATES) {
    it(`${template.key}: a valid push template, click and status macros, and every sample word mapped`, () => {
      expect(() =>
        assertKnownTemplateVariables(template.push.payload_template, 'payload_template'),
      ).not.toThrow();
      // The click macro, or the network's own lead id read back from the push answer (TrafficManager).
      expect(template.postback.click ?? (template.push.lead_id_field && template.postback.lead)).toBeTruthy();
      expect(template.postback.status).toBeTruthy();
      // The parameter links carry our click in is the one the network echoes in its postback.
      expect(clickMacroMatches(template)).toBe(true);
      // A built-in passes the same check as an operator's template file.
      expect(() => checkTemplate(structuredClone(template))).not.toThrow();
      const saved = savedStatusMap(template);
      for (const { word, lands_as } of template.sample_statuses) {
        const recognised = recogniseStatus(word, {}, saved);
        expect(recognised?.via, word).toBe('saved');
        expect(recognised?.newLead ? 'new' : recognised?.status, word).toBe(lands_as);
      }
    });
  }

  it('docs/connect-a-network.md lists every template with its docs link and how far it was checked', () => {
    const guide = readFileSync(new URL('../../../docs/connect-a-network.md', import.meta.url), 'utf8');
    for (const t of INTEGRATION_TEMPLATES) {
      const row = guide.split('\n').find((line) => line.startsWith(`| ${t.name} |`));
      expect(row, t.key).toBeDefined();
      expect(row, t.key).toContain(`[docs](${t.docs_url})`);
      expect(row, t.key).toContain(
        `\`${postbackUrlFor('', t)
          .split('?')[1]
          ?.replace(/^id=TOKEN&/, '')}\``,
      );
      expect(row, t.key).toContain(
        t.verification === 'unverified'
          ? '**unverified**'
          : t.verification === 'partial'
            ? 'partly'
            : 'verified',
      );
    }
  });

  it('fills a sample postback the way the network fills its macros', () => {
    const kma = INTEGRATION_TEMPLATES.find((t) => t.key === 'kma')!;
    const url = postbackUrlFor('https://net.example', kma, 'TOK');
    expect(url).toBe(
      'https://net.example/api/track/postback.json?id=TOK&click={data1}&status={status}&pay={sum}&auto=1',
    );
    expect(fillSamplePostback(url, kma, 'CLICK1', 'A')).toBe(
      'https://net.example/api/track/postback.json?id=TOK&click=CLICK1&status=A&pay=12.00&auto=1',
    );
    const lucky = INTEGRATION_TEMPLATES.find((t) => t.key === 'lucky-online')!;
    expect(
      fillSamplePostback(postbackUrlFor('https://net.example', lucky, 'TOK'), lucky, 'C2', 'confirmed'),
    ).toBe(
      'https://net.example/api/track/postback.json?id=TOK&click=C2&exto=2084340300&status=confirmed&pay=8.50&auto=1',
    );
  });
});
