/** The admin users API's answer (an admin account), named here so `npm run gen:api-types` writes it for the web app. */
export { AdminUser } from './manage-admins.js';
