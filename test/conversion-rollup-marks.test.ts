import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Migration 0062 (docs/postback-throughput.md, session 15): a conversion's update marks its lead's
 * hour for the lead rollup only when a column that rollup reads changed.
 */

let t: TestApp;
let net: Network;

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
  });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

/** A lead on hold and its status conversion, made by a postback. */
async function leadOnHold() {
  const clickId = await makeClick(t, net);
  expect(
    (await postback(t, { click_id: clickId, status: 'hold', token: net.advertiser.postback_token })).status,
  ).toBe(200);
  const [lead] = await leadsOfClick(t, clickId);
  if (!lead) throw new Error('no lead');
  const [conversion] = await conversionsOfLead(t, lead.id);
  if (!conversion) throw new Error('no conversion');
  return { clickId, lead, conversion };
}

describe("a conversion's update", () => {
  const marks = async () =>
    (await t.ctx.db.selectFrom('rollup_dirty').select('hour').where('kind', '=', 'l').execute()).map(
      (m) => m.hour,
    );

  it("marks its lead's hour only when a column the lead rollup reads changed", async () => {
    const { lead, conversion } = await leadOnHold();
    const hour = `${lead.created_at.slice(0, 13)}:00:00.000Z`;
    await t.ctx.db.deleteFrom('rollup_dirty').execute();

    // What a postback's status change writes to the conversion: no column the rollup reads.
    await t.ctx.db
      .updateTable('conversions')
      .set({ status: 'cancelled', comment: 'changed', updated_at: new Date().toISOString() })
      .where('id', '=', conversion.id)
      .execute();
    expect(await marks()).toEqual([]);

    await t.ctx.db
      .updateTable('conversions')
      .set({ adv_payout: Number(conversion.adv_payout) + 100 })
      .where('id', '=', conversion.id)
      .execute();
    expect(await marks()).toEqual([hour]);
  });

  it("is one mark per postback that approves a lead (the lead's), not two", async () => {
    const { clickId, lead } = await leadOnHold();
    await t.ctx.db.deleteFrom('rollup_dirty').execute();
    const r = await postback(t, {
      click_id: clickId,
      status: 'approved',
      token: net.advertiser.postback_token,
    });
    expect(r.status).toBe(200);
    // SQLite keeps one row per hour anyway; PostgreSQL's marks are a log, one row per trigger that
    // marked (the conversion update's made it two before 0062).
    expect(await marks()).toEqual([`${lead.created_at.slice(0, 13)}:00:00.000Z`]);
  });
});
