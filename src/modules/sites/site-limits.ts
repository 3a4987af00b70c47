/** Limits and file types of hosted sites; pure, so the admin UI checks uploads by the same rules. */

/** Per file and per site, so a site cannot fill the database. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_SITE_BYTES = 8 * 1024 * 1024;
export const MAX_FILES = 200;

/** Static content only: nothing a server would execute (php, cgi, shell, …) is accepted. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
