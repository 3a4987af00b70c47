/**
 * The flows bench:streams and bench:click-cost compare: one with 20 streams (filters of every kind;
 * the bench visitor fails the first 19 late in their filter lists and lands in the 20th, a weighted
 * A/B) and the same offer's flow with none.
 */
import type { AppContext } from '../src/context.js';
import { createFlow } from '../src/modules/flows/save-flow.js';
import { saveStreams } from '../src/modules/streams/save-streams.js';
import type { StreamInput } from '../src/modules/streams/schemas.js';
import { type NetworkServices, seedBenchNetwork } from './network.js';

/** Stream i: every filter kind, all true for the bench visitor except a sub9 that never comes. */
export function heavyStream(i: number): StreamInput {
  return {
    name: `stream ${i}`,
    filters: {
      type: 'and',
      filters: [
        { type: 'country', values: ['IN', 'BD', 'PK'] },
        { type: 'not', filter: { type: 'region', values: ['IN:Kerala', 'Punjab'] } },
        { type: 'device', values: ['mobile', 'tablet'] },
        { type: 'os', values: ['Android'] },
        { type: 'browser', values: ['Chrome', 'Samsung Internet for Android'] },
        { type: 'not', filter: { type: 'language', values: ['fr'], match: 'any' } },
        { type: 'not', filter: { type: 'asn', values: [16509, 14061] } },
        { type: 'not', filter: { type: 'isp', values: ['amazon'] } },
        { type: 'ip', values: ['49.0.0.0/8', '2001:db8::/32'] },
        { type: 'not', filter: { type: 'referrer', match: 'domain', values: ['spam.example'] } },
        { type: 'param', name: 'sub1', match: 'equals', values: ['bench'] },
        { type: 'visitor', value: 'unique' },
        {
          type: 'schedule',
          time_zone: 'Asia/Kolkata',
          slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }],
        },
        // BENCH_STREAMS_WORST=1: the failing filter is the costliest kind, so every filter runs.
        process.env.BENCH_STREAMS_WORST === '1'
          ? { type: 'region', values: [`IN:never-${i}`] }
          : { type: 'param', name: 'sub9', match: 'equals', values: [`never-${i}`] },
      ],
    } as StreamInput['filters'],
    arms: [{ type: 'url', url: `https://s${i}.example/?c={click_id}` }],
  };
}

/** What seedFlows calls: this checkout's services by default, another build's in bench/click-cost.ts. */
export interface FlowServices extends NetworkServices {
  createFlow: typeof createFlow;
  saveStreams: typeof saveStreams;
}

export async function seedFlows(ctx: AppContext, services?: FlowServices) {
  const { offer, publisher } = await seedBenchNetwork(ctx, {}, services);
  const { createFlow: flow, saveStreams: streamsOf } = services ?? { createFlow, saveStreams };
  const plain = await flow(ctx, { publisher_id: publisher.id, offer_id: offer.id, code: 'benchplain' });
  const routed = await flow(ctx, {
    publisher_id: publisher.id,
    offer_id: offer.id,
    code: 'benchstreams',
  });
  const streams = Array.from({ length: 19 }, (_, i) => heavyStream(i + 1));
  streams.push({
    name: 'A/B for everyone else',
    arms: [
      { type: 'url', url: 'https://a.example/?c={click_id}', weight: 50 },
      { type: 'url', url: 'https://b.example/?c={click_id}', weight: 50 },
    ],
  });
  await streamsOf(ctx, Number(routed.id), { streams });
  return { plain, routed };
}
