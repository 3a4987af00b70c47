import { describe, expect, it } from 'vitest';
import { checkTemplate, TemplateError } from './check-template.js';
import { INTEGRATION_TEMPLATES } from './registry.js';

/** A built-in as its JSON file would hold it. */
const asFile = (key: string) =>
  JSON.parse(JSON.stringify(INTEGRATION_TEMPLATES.find((t) => t.key === key))) as Record<string, any>;

function fieldOf(value: unknown): string | undefined {
  try {
    checkTemplate(value);
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) return error.field;
    throw error;
  }
}

describe('checkTemplate', () => {
  it('accepts every built-in template as it would come from a file', () => {
    for (const template of INTEGRATION_TEMPLATES) {
      expect(fieldOf(asFile(template.key)), template.key).toBeUndefined();
    }
  });

  it('names the field of a template that is wrong in shape or in meaning', () => {
    const cases: [string, (t: Record<string, any>) => void][] = [
      ['key', (t) => (t.key = 'Bad Key')],
      ['name', (t) => delete t.name],
      ['kind', (t) => (t.kind = 'exchange')],
      ['docs_url', (t) => delete t.docs_url],
      ['docs_url', (t) => (t.docs_url = 'see the network panel')],
      ['verification', (t) => (t.verification = 'probably')],
      ['push.post_encoding', (t) => (t.push.post_encoding = 'xml')],
      ['push.surprise', (t) => (t.push.surprise = 1)],
      ['status_map.p', (t) => (t.status_map.p = 'paid')],
      ['sample_statuses', (t) => (t.sample_statuses = [])],
      ['postback.status', (t) => delete t.postback.status],
      // sum is a payout alias postback.json knows (issue 16); bonus is not.
      ['postback.bonus', (t) => (t.postback.bonus = '{bonus}')],
      ['postback.click', (t) => (t.postback.click = '{sub9}')],
      ['postback.click', (t) => delete t.postback.click],
      // Keyed by the network's own lead id: the push must read that id from the answer.
      [
        'push.lead_id_field',
        (t) => {
          delete t.postback.click;
          t.postback.lead = '{id}';
          delete t.push.lead_id_field;
        },
      ],
      ['push.payload_template', (t) => (t.push.payload_template.x = '{nope}')],
      ['sample_statuses[1]', (t) => (t.sample_statuses[1].lands_as = 'hold')],
      ['sample_statuses[0]', (t) => (t.sample_statuses[0].word = 'Z')],
    ];
    for (const [field, spoil] of cases) {
      const template = asFile('kma');
      spoil(template);
      expect(fieldOf(template), field).toBe(field);
    }
    expect(() => checkTemplate({ ...asFile('kma'), kind: 'exchange' })).toThrow(
      'kind: must be one of cpa_network, platform, tracker',
    );
  });
});
