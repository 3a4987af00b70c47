/** `…/postback?…&token=T` → `…/postback/T?…` (seed 000 item 11: the token as a path segment). */
export function tokenInPath(url: string, token: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.delete('token');
    parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}/${encodeURIComponent(token)}`;
    // Keep the {macros} readable: URL encodes the braces.
    return parsed.toString().replace(/%7B/g, '{').replace(/%7D/g, '}');
  } catch {
    return url;
  }
}
