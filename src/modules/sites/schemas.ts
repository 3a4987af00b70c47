/** A local site as the API answers it, named here so `npm run gen:api-types` writes it for the web app. */
export { Site as LocalSite } from './sites.js';
