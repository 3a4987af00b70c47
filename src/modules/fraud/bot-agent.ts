import { isbot } from 'isbot';

/**
 * isbot's one large regular expression, remembered per user agent: real traffic repeats a few
 * thousand agents, and the test cost a few microseconds per click (the biggest single regular
 * expression in the click path's profile). At most BOT_CACHE_MAX agents per process; the whole
 * map is dropped when full (a miss only costs one test). Agents longer than 1,000 characters are
 * tested as they come, never kept.
 */
const BOT_CACHE_MAX = 5_000;
const verdicts = new Map<string, boolean>();

export function isBotAgent(userAgent: string): boolean {
  let verdict = verdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    if (userAgent.length > 1000) return verdict;
    if (verdicts.size >= BOT_CACHE_MAX) verdicts.clear();
    verdicts.set(userAgent, verdict);
  }
  return verdict;
}
