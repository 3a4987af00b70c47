/** The currency-rates API's answer, named here so `npm run gen:api-types` writes it for the web app. */
export { CurrencyRate } from './rates.js';
