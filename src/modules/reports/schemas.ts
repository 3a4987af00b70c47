/** The report API's answers, named here so `npm run gen:api-types` writes them for the web app. */
export { CustomReport } from './custom-report-routes.js';
export { Dashboard, Finance } from './routes.js';
