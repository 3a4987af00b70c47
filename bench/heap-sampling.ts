/**
 * What a block of work allocates, from V8's sampling heap profiler (1 kB interval), objects a
 * scavenge or a full GC already freed included: a figure the machine's load does not move. Used by
 * bench/click-cost.ts (CLICK_COST_ALLOC=1) and bench/postback-cost.ts (POSTBACK_COST_ALLOC=1).
 */
import { Session } from 'node:inspector/promises';

export interface SampledNode {
  selfSize: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: SampledNode[];
}

/** Runs `work` under the sampling heap profiler; bytes allocated and the top self allocators. */
export async function sampleAllocations(work: () => Promise<void>) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  } as { samplingInterval: number });
  await work();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
    profile: { head: SampledNode };
  };
  session.disconnect();
  const frame = (node: SampledNode | undefined) => {
    if (!node) return '(root)';
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules|dist|src)\//, '$1/');
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: SampledNode, parent: SampledNode | undefined) => {
    total += node.selfSize;
    if (node.selfSize > 0) {
      const key = `${frame(node)} ← ${frame(parent)}`;
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, node);
  };
  walk(profile.head, undefined);
  return { total, bySite };
}
