import type { FilterNode } from './filter-schema.js';
import { type CompiledFilter, compileFilters, type FilterExplanation, sharedLeafTests } from './filters.js';
import { pickWeighted, type Random, stablePoint } from './rotation.js';
import type { Visitor } from './visitor.js';

export type ArmType = 'offer' | 'landing' | 'url' | 'trafficback';

export interface StreamArm {
  id: number;
  type: ArmType;
  offerId: number | null;
  /** landing: the hosted site's slug; null when the site is gone or disabled (the arm is skipped). */
  siteSlug: string | null;
  url: string | null;
  weight: number;
}

export interface StreamDefinition {
  id: number;
  name: string;
  enabled: boolean;
  filters: FilterNode | null;
  arms: StreamArm[];
}

export interface CompiledStream extends Omit<StreamDefinition, 'filters'> {
  filter: CompiledFilter;
}

/** Compile a flow's streams once per change (load-streams.ts caches the result): no parsing per click. */
export function compileStreams(streams: readonly StreamDefinition[]): CompiledStream[] {
  // A filter repeated across the flow's streams is one test, answered once per click (filters.ts).
  const shared = sharedLeafTests();
  return streams.map((s, i) => ({
    id: s.id,
    name: s.name,
    enabled: s.enabled,
    arms: s.arms,
    filter: compileFilters(s.filters, `streams[${i}].filters`, shared),
  }));
}

export interface StreamExplanation {
  id: number;
  name: string;
  enabled: boolean;
  matched: boolean;
  filters: FilterExplanation;
}

/** Every stream with every filter's result (simulate): nothing short-circuits. */
export function explainStreams(streams: readonly CompiledStream[], visitor: Visitor): StreamExplanation[] {
  return streams.map((s) => {
    const filters = s.filter.explain(visitor);
    return { id: s.id, name: s.name, enabled: s.enabled, matched: s.enabled && filters.matched, filters };
  });
}

/**
 * Pick an arm by weight among the eligible ones. A first-time visitor gets a fresh random pick; a
 * repeat visitor (same address and agent clicked this offer within a day) keeps the arm their
 * address + agent hashes to, so reloading does not flip them between landings while the weights
 * stay put. After a bandit shift a repeat visitor may move: the hash is read against new weights.
 */
export function chooseArm(
  stream: Pick<CompiledStream, 'id' | 'arms'>,
  visitor: Pick<Visitor, 'facts'>,
  eligible: readonly boolean[],
  random: Random,
): StreamArm | undefined {
  const weights = stream.arms.map((a, i) => (eligible[i] ? a.weight : 0));
  const point = visitor.facts.unique
    ? random()
    : stablePoint(`${visitor.facts.ip}|${visitor.facts.userAgent}|${stream.id}`);
  const index = pickWeighted(weights, point);
  return index === -1 ? undefined : stream.arms[index];
}
