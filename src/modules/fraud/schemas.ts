/** The fraud API's answers, named here so `npm run gen:api-types` writes them for the web app. */
export { BlockedIp } from './blocklist.js';
export { FraudEvent } from './events.js';
export { FraudRule } from './rules.js';
