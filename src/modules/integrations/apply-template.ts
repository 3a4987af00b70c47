import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../lib/errors.js';
import { getAdvertiser, updateAdvertiser } from '../advertisers/save-advertiser.js';
import type { Advertiser } from '../advertisers/schemas.js';
import { postbackUrlFor } from './registry.js';

/**
 * Set an advertiser up for a network: its push format (not its endpoint or key, which are the
 * operator's), its status map and the parameter its links take our click id in (with "Automatically
 * add click ID to link" on unless asked otherwise), and give the postback URL to paste into that network.
 */
export async function applyTemplate(
  ctx: AppContext,
  key: string,
  advertiserId: number,
  autoClickId = true,
): Promise<{ advertiser: Advertiser; postback_url: string }> {
  const template = ctx.integrations.find(key);
  if (!template) throw new NotFoundError('integration template');
  await getAdvertiser(ctx, advertiserId);
  const push = template.push;
  const advertiser = await updateAdvertiser(ctx, advertiserId, {
    integration_type: push.integration_type,
    post_encoding: push.post_encoding,
    auth_location: push.auth_location,
    ...(push.auth_header_name ? { auth_header_name: push.auth_header_name } : {}),
    ...(push.auth_field_name ? { auth_field_name: push.auth_field_name } : {}),
    payload_template: push.payload_template,
    lead_id_field: push.lead_id_field ?? null,
    status_map: { ...template.status_map },
    ...(template.inbound_profile ? { inbound_profile: { ...template.inbound_profile } } : {}),
    click_param: template.click_param,
    auto_click_id: autoClickId,
  });
  return {
    advertiser,
    postback_url: postbackUrlFor(ctx.config.publicUrl, template, advertiser.postback_token),
  };
}
