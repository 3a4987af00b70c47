import { describe, expect, it } from 'vitest';
import { assertKnownTemplateVariables } from '../advertisers/template-variables.js';
import { recogniseStatus } from '../conversions/recognise-status.js';
import { fillSamplePostback, INTEGRATION_TEMPLATES, postbackUrlFor, savedStatusMap } from './registry.js';

describe('network integration templates', () => {
  it('has at least 10 templates with unique keys', () => {
    expect(INTEGRATION_TEMPLATES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(INTEGRATION_TEMPLATES.map((t) => t.key)).size).toBe(INTEGRATION_TEMPLATES.length);
  });

  for (const template of INTEGRATION_TEMPLATES) {
    it(`${template.key}: a valid push template, click and status macros, and every sample word mapped`, () => {
      expect(() =>
        assertKnownTemplateVariables(template.push.payload_template, 'payload_template'),
      ).not.toThrow();
      expect(template.postback.click).toBeTruthy();
      expect(template.postback.status).toBeTruthy();
      // The parameter links carry our click in is the one the network echoes in its postback.
      expect(template.postback.click?.replace(/^[{#]|[}#]$/g, '')).toBe(template.click_param);
      const saved = savedStatusMap(template);
      for (const { word, lands_as } of template.sample_statuses) {
        const recognised = recogniseStatus(word, {}, saved);
        expect(recognised?.via, word).toBe('saved');
        expect(recognised?.newLead ? 'new' : recognised?.status, word).toBe(lands_as);
      }
    });
  }

  it('fills a sample postback the way the network fills its macros', () => {
    const kma = INTEGRATION_TEMPLATES.find((t) => t.key === 'kma')!;
    const url = postbackUrlFor('https://net.example', kma, 'TOK');
    expect(url).toBe(
      'https://net.example/api/track/postback.json?id=TOK&click={data1}&exto={order}&status={status}&pay={payout}',
    );
    expect(fillSamplePostback(url, kma, 'CLICK1', 'A')).toBe(
      'https://net.example/api/track/postback.json?id=TOK&click=CLICK1&exto=55501234&status=A&pay=12.00',
    );
  });
});
