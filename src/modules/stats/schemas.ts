/** A row of the publisher statistics (portal and token API), named here so `npm run gen:api-types` writes it. */
export { StatsRow as PublisherStatsRow } from './stats-api-routes.js';
