/** A template as the API answers it, named here so `npm run gen:api-types` writes it for the web app. */
export { Template as IntegrationTemplateView } from './routes.js';
