import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lib/errors.js';
import { checkTemplate, TemplateError } from './check-template.js';
import { fillSamplePostback, INTEGRATION_TEMPLATES, postbackUrlFor } from './registry.js';
import type { IntegrationTemplate } from './template.js';

const VARIABLE = 'INTEGRATION_TEMPLATES_DIR';

/** One template file, parsed and checked; a TemplateError names the field, a SyntaxError the JSON. */
export function readTemplateFile(path: string): IntegrationTemplate {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new TemplateError('(file)', `is not valid JSON: ${error.message}`);
    throw error;
  }
  return checkTemplate(value);
}

/**
 * Every `*.json` file in the directory, in name order, checked as the built-ins are and refused on
 * a key another template has. Runs once at start: a bad file stops start-up with a ConfigError that
 * names the file and the field, so a typo never reaches a postback.
 */
export function loadTemplateDir(dir: string): IntegrationTemplate[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    throw new ConfigError(VARIABLE, `cannot read directory ${dir}: ${(error as Error).message}`);
  }
  const keys = new Map(INTEGRATION_TEMPLATES.map((t) => [t.key, 'a built-in template']));
  const loaded: IntegrationTemplate[] = [];
  for (const name of names.sort()) {
    const file = join(dir, name);
    try {
      const template = readTemplateFile(file);
      const taken = keys.get(template.key);
      if (taken) throw new TemplateError('key', `"${template.key}" is already ${taken}`);
      keys.set(template.key, `used by ${name}`);
      loaded.push(template);
    } catch (error) {
      if (error instanceof TemplateError) throw new ConfigError(VARIABLE, `${file}: ${error.message}`);
      throw error;
    }
  }
  return loaded;
}

/** A click id as our links carry it, for sample postbacks. */
export const SAMPLE_CLICK_ID = '01KT1GW6G0H2PTE0RGGBQX2MJD';

/**
 * `leadrail check-template FILE`: check one template file as start-up would, and show the postback
 * URL to paste into the network and each sample postback filled as the network would fill it.
 */
export function describeTemplateFile(path: string, publicUrl: string): string {
  const template = readTemplateFile(path);
  if (INTEGRATION_TEMPLATES.some((t) => t.key === template.key)) {
    throw new TemplateError('key', `"${template.key}" is already a built-in template`);
  }
  const url = postbackUrlFor(publicUrl, template);
  const lines = [
    `${template.key} (${template.name}): ok`,
    `postback URL: ${url}`,
    'sample postbacks:',
    ...template.sample_statuses.map(
      (s) => `  ${s.word} → ${s.lands_as}: ${fillSamplePostback(url, template, SAMPLE_CLICK_ID, s.word)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
