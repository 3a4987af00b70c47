import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { fillSamplePostback, INTEGRATION_TEMPLATES } from '../src/modules/integrations/registry.js';
import type { IntegrationTemplate } from '../src/modules/integrations/template.js';
import { conversionsOfLead, lastLog, leadsOfClick, makeClick } from './helpers/conversions.js';
import { startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { leadRow, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The integration catalogue against the real endpoint (issue 16, item 5): every template is applied
 * to an advertiser through the admin API, as the Integrations screen does, and every sample postback
 * it documents — the network's own macros filled as the network fills them (its status words, its
 * payout and currency macros, its transaction id) — goes to the `/api/track/postback.json` URL that
 * apply answered. Each must land as the network means it: status, payout, currency and txid.
 * The offers pay 10.00 in their currency; EUR is 1.10 USD from 2026-05-01.
 */

let t: TestApp;
let admin: string;
let publisher: { id: string; token: string };
let worker: Worker;

beforeAll(async () => {
  // Each click from an address of its own (X-Forwarded-For), as other postback tests do.
  // ALLOW_PRIVATE_TARGETS: a lead-keyed network's leads are pushed to a fake lead API on 127.0.0.1.
  t = await createTestApp({ env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' } });
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
  admin = await t.adminToken();
  publisher = await makePublisher(t, admin);
  const rate = await t.call('POST', '/api/admin/currency-rates', {
    token: admin,
    body: { currency: 'EUR', rate_date: '2026-05-01', rate: '1.10' },
  });
  expect(rate.status, rate.text).toBe(201);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

/**
 * Networks that pay in a currency their postback does not name: their notes tell the operator to
 * give the offer that currency, and so does this test.
 */
const OFFER_CURRENCY: Readonly<Record<string, string>> = { 'm1-shop': 'RUB', 'lucky-online': 'RUB' };
/** EUR → USD at the test's rate, in minor units; a sample in the offer's own currency is kept as sent. */
const TO_USD: Readonly<Record<string, [number, number]>> = { EUR: [110, 100] };

function minorUnits(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/** The value a fixed parameter or a filled macro of the template's postback carries. */
function sent(template: IntegrationTemplate, param: string): string | undefined {
  const macro = template.postback[param];
  if (macro === undefined) return undefined;
  return template.sample_values[macro] ?? macro;
}

/** Where the network means a sample to land: the amount in the offer's currency, the txid it sent. */
function meant(template: IntegrationTemplate, offerCurrency: string) {
  const pay = sent(template, 'pay');
  const currency = sent(template, 'currency') ?? offerCurrency;
  let payout = pay === undefined ? 1000 : minorUnits(pay);
  if (currency !== offerCurrency) {
    const [num, den] = TO_USD[currency] ?? [Number.NaN, 1];
    payout = Math.round((payout * num) / den);
  }
  return { payout, currency: offerCurrency, txid: sent(template, 'exto') ?? null };
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

async function applied(template: IntegrationTemplate, advertiserFields: Record<string, unknown> = {}) {
  const advertiser = await makeAdvertiser(t, admin, {
    name: `${template.name} network`,
    ...advertiserFields,
  });
  const r = await t.call('POST', `/api/admin/integrations/${template.key}/apply`, {
    token: admin,
    body: { advertiser_id: advertiser.id },
  });
  expect(r.status, r.text).toBe(200);
  const currency = OFFER_CURRENCY[template.key] ?? 'USD';
  const offer = await makeOffer(t, admin, { advertiser_id: advertiser.id, geo: '', currency });
  return { url: r.body.postback_url as string, offer: { ...offer, currency }, advertiser };
}

describe('every catalogue template, applied through the admin API, lands its documented samples', () => {
  // A network that names the lead only by its own id (TrafficManager) has its own test below.
  for (const template of INTEGRATION_TEMPLATES.filter((x) => x.postback.click)) {
    it(`${template.key} (${template.verification}): ${template.sample_statuses.map((s) => s.word).join(', ')}`, async () => {
      const { url, offer } = await applied(template);
      expect(url).toContain(`/api/track/postback.json?id=`);
      const expected = meant(template, offer.currency);
      const newWord = template.sample_statuses.find((s) => s.lands_as === 'new')?.word;
      for (const { word, lands_as } of template.sample_statuses) {
        const clickId = await makeClick(t, { offer, publisher });
        // A network's first postback for an order is its new-lead one; then the status under test.
        if (newWord && lands_as !== 'new') {
          const first = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, newWord)));
          expect(first.status, `${template.key} ${newWord}: ${first.text}`).toBe(200);
        }
        const r = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, word)));
        expect(r.status, `${template.key} ${word}: ${r.text}`).toBe(200);
        expect(r.body.warnings ?? [], `${template.key} ${word}: nothing it sent was left unused`).toEqual([]);
        const leads = await leadsOfClick(t, clickId);
        expect(leads, `${template.key} ${word}`).toHaveLength(1);
        const lead = leads[0]!;
        const [conversion] = await conversionsOfLead(t, lead.id);
        expect(
          {
            status: lead.status,
            payout: Number(conversion?.adv_payout),
            currency: conversion?.currency,
            txid: lead.external_id ?? null,
          },
          `${template.key} ${word}`,
        ).toEqual({
          status: lands_as === 'new' ? 'processing' : lands_as,
          payout: expected.payout,
          currency: expected.currency,
          txid: expected.txid,
        });
        // A word that keeps a new lead where it is (TrafficManager's call-back) changes nothing.
        expect((await lastLog(t)).answer_code).toBe(lands_as === 'processing' ? 'no-changes' : 'ok');
      }
    });
  }

  it('BeMob: a charge after a confirm is a chargeback', async () => {
    const template = INTEGRATION_TEMPLATES.find((x) => x.key === 'bemob')!;
    const { url, offer } = await applied(template);
    const clickId = await makeClick(t, { offer, publisher });
    for (const word of ['confirm', 'charge']) {
      const r = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, word)));
      expect(r.status, r.text).toBe(200);
    }
    expect((await leadsOfClick(t, clickId))[0]?.status).toBe('chargedback');
  });

  it('Affise: a payout in EUR is converted, never booked as USD', async () => {
    const template = INTEGRATION_TEMPLATES.find((x) => x.key === 'affise')!;
    const { url, offer } = await applied(template);
    const clickId = await makeClick(t, { offer, publisher });
    const r = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, '1')));
    expect(r.body.converted).toEqual({ sent: '12.34 EUR', booked: '13.57 USD' });
  });

  it('TrafficManager: a postback keyed only by its own lead id (lead=, no click) finds the lead our push stored that id on', async () => {
    const template = INTEGRATION_TEMPLATES.find((x) => x.key === 'trafficmanager')!;
    expect(template.postback.click).toBeUndefined();
    const api = await startFakeServer({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    try {
      const { url, offer } = await applied(template, {
        endpoint_url: `${api.url}/api/v1/leads/new`,
        auth_key: 'KEY',
      });
      expect(url).toContain('lead={id}');
      expect(url).not.toContain('click=');
      let n = 0;
      for (const { word, lands_as } of template.sample_statuses) {
        n += 1;
        const networkId = `TM-${n}-${offer.id}`;
        api.respondWith({
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: networkId }),
        });
        const submitted = await submitLead(t, {
          offer_id: offer.id,
          pub_id: publisher.id,
          name: 'Asha',
          phone: nextPhone(),
        });
        expect(submitted.status, submitted.text).toBe(201);
        const leadId = submitted.body.id as string;
        await worker.runOnce();
        // The push read TrafficManager's lead id from its answer (lead_id_field "id").
        expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'sent', adv_lead_id: networkId });
        const r = await t.call('GET', pathOf(fillSamplePostback(url, template, networkId, word)));
        expect(r.status, `${word}: ${r.text}`).toBe(200);
        expect(r.body.lead_id, word).toBe(leadId);
        expect(r.body.warnings ?? [], `${word}: nothing it sent was left unused`).toEqual([]);
        expect((await leadRow(t, leadId)).status, word).toBe(lands_as === 'new' ? 'processing' : lands_as);
      }
      // An id no lead of this advertiser carries finds nothing, rather than a lead of another.
      const none = await t.call(
        'GET',
        pathOf(fillSamplePostback(url, template, 'TM-UNKNOWN', 'STATUS_CONFIRMED')),
      );
      expect(none.status, none.text).toBe(404);
    } finally {
      await api.close();
    }
  });
});

/**
 * The same, written from the cited pages alone: which macros each network fills, with what, and
 * where the page means the conversion to land. A macro of the pasted URL the network does not fill
 * would reach us as written (`{aff_sub}`), as it does from a real network.
 */
const DOCUMENTED: {
  key: string;
  fills: Record<string, string>;
  lands: { status: string; payout: number; currency: string; txid: string | null };
}[] = [
  {
    key: 'affise',
    fills: {
      '{sub1}': 'CLICK',
      '{status}': '1',
      '{sum}': '12.34',
      '{currency}': 'EUR',
      '{transactionid}': '5c8a1f0e9b2d',
    },
    lands: { status: 'approved', payout: 1357, currency: 'USD', txid: '5c8a1f0e9b2d' },
  },
  {
    key: 'clickdealer',
    fills: { '#s2#': 'CLICK', '#price#': '6.00', '#leadid#': 'CD-4C1B9E' },
    lands: { status: 'approved', payout: 600, currency: 'USD', txid: 'CD-4C1B9E' },
  },
  {
    key: 'cake',
    fills: { '#s2#': 'CLICK', '#price#': '11.00', '#leadid#': 'A1B2C3' },
    lands: { status: 'approved', payout: 1100, currency: 'USD', txid: 'A1B2C3' },
  },
  {
    key: 'everflow',
    fills: { '{sub1}': 'CLICK', '{transaction_id}': 'ef0c9d2b8a7e4f61', '{payout}': '22.50' },
    lands: { status: 'approved', payout: 2250, currency: 'USD', txid: 'ef0c9d2b8a7e4f61' },
  },
  {
    key: 'kma',
    fills: { '{data1}': 'CLICK', '{sum}': '12.00', '{status}': 'A' },
    lands: { status: 'approved', payout: 1200, currency: 'USD', txid: null },
  },
  {
    key: 'adcombo',
    fills: { '{clickid}': 'CLICK', '{revenue}': '21.0', '{status}': 'lead', '{trans_id}': '52949935' },
    lands: { status: 'approved', payout: 2100, currency: 'USD', txid: '52949935' },
  },
  {
    key: 'trackier',
    fills: { '{p1}': 'CLICK', '{payout}': '3.30', '{txn_id}': 'trk-2024-77' },
    lands: { status: 'approved', payout: 330, currency: 'USD', txid: 'trk-2024-77' },
  },
  {
    key: 'lucky-online',
    fills: {
      '{get.subid1}': 'CLICK',
      '{click_id}': '2084340300',
      '{status}': 'confirmed',
      '{amount}': '850',
    },
    lands: { status: 'approved', payout: 85000, currency: 'RUB', txid: '2084340300' },
  },
  {
    key: 'leadbit',
    fills: { '{sub1}': 'CLICK', '{cost}': '13.00', '{id}': 'LB-310558', '{status}': 'approved' },
    lands: { status: 'approved', payout: 1300, currency: 'USD', txid: 'LB-310558' },
  },
  {
    key: 'everad',
    fills: { '{sid1}': 'CLICK', '{payout}': '15.50', '{status}': 'approved' },
    lands: { status: 'approved', payout: 1550, currency: 'USD', txid: null },
  },
  {
    key: 'monetizer',
    fills: { '{clickID}': 'CLICK', '{amount}': '2.40', '{transactionID}': 'mz-7731' },
    lands: { status: 'approved', payout: 240, currency: 'USD', txid: 'mz-7731' },
  },
];

describe('postbacks filled from the cited pages alone land as those pages mean them', () => {
  it.each(DOCUMENTED.map((d) => [d.key, d] as const))('%s', async (key, doc) => {
    const template = INTEGRATION_TEMPLATES.find((x) => x.key === key);
    expect(template, key).toBeDefined();
    const { url, offer } = await applied(template!);
    const clickId = await makeClick(t, { offer, publisher });
    let filled = url;
    for (const [macro, value] of Object.entries(doc.fills)) {
      filled = filled.split(macro).join(encodeURIComponent(value === 'CLICK' ? clickId : value));
    }
    const r = await t.call('GET', pathOf(filled));
    expect(r.status, `${key}: ${filled}\n${r.text}`).toBe(200);
    const [lead] = await leadsOfClick(t, clickId);
    const [conversion] = lead ? await conversionsOfLead(t, lead.id) : [];
    expect({
      status: lead?.status,
      payout: Number(conversion?.adv_payout),
      currency: conversion?.currency,
      txid: lead?.external_id ?? null,
    }).toEqual(doc.lands);
  });
});
