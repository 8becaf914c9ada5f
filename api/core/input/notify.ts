import { z } from 'zod';
import { LANGS } from '../vocab.ts';
import { DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../../notify/outbox/vocab.ts';
import { id, optionalText, title } from './common.ts';

/**
 * Components a recipient hears of; absent or null: all of them, including ones added later. An
 * empty list is refused: it would hear of site-wide events only, which nobody asks for on purpose.
 */
const componentIds = z.array(id).min(1).max(200).nullable().optional();

export const createContactInput = z
  .strictObject({
    // RFC 5321's limit on a path; zod's check is the pragmatic one (no quoted local parts).
    email: z.email().max(254),
    name: optionalText(title(100)),
    language: z.enum(LANGS),
    components: componentIds,
  })
  .meta({ id: 'CreateContact' });
export type CreateContactInput = z.output<typeof createContactInput>;

export const createWebhookInput = z
  .strictObject({
    // Syntax only: the address checks (private ranges, the resolved address) happen at delivery,
    // where a name could otherwise resolve elsewhere than it did here.
    url: z.url({ protocol: /^https?$/ }).max(2000),
    components: componentIds,
    format: z.enum(WEBHOOK_FORMATS).optional(),
    language: z.enum(LANGS).optional(),
  })
  .meta({ id: 'CreateWebhook' });
export type CreateWebhookInput = z.output<typeof createWebhookInput>;

export const listDeliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
