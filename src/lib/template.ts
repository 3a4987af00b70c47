/** `{name}` style placeholders in templates, URLs and postback strings. */
const PLACEHOLDER = /\{([a-zA-Z0-9_]+)\}/g;

export function placeholdersIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) found.add(m[1] as string);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
}

/** Replace every known `{key}` in a string; unknown placeholders are left as they are. */
export function fillString(
  text: string,
  values: Record<string, string>,
  encode?: (v: string) => string,
): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) return whole;
    return encode ? encode(value) : value;
  });
}

/**
 * A value that is still a macro nobody filled: `{click_id}`, `{{click}}`. A thank-you page whose
 * platform did not substitute it sends the macro itself; it is no value and must not be used as one.
 */
export function isUnfilledMacro(value: string | undefined): boolean {
  return value !== undefined && /^(\{[\w.:-]*\}|\{\{\s*[\w.:-]*\s*\}\})$/.test(value.trim());
}
