import type { Lang, NotificationContext, NotificationEvent } from '../../events.ts';
import type { WebhookFormat } from '../../outbox/vocab.ts';
import { chatMessage } from './chat-message.ts';
import { slackPayload } from './slack.ts';
import { statuspagePayload } from './statuspage.ts';
import { teamsPayload } from './teams.ts';

/**
 * The JSON body for an endpoint, exactly as it is signed and sent. `lang` is for the chat
 * formats (their words are for people); the Statuspage shape carries the Japanese primary
 * text, as /api/v2 does. Pure: the same event and context always give the same bytes.
 */
export function webhookBody(
  format: WebhookFormat,
  event: NotificationEvent,
  ctx: NotificationContext,
  lang: Lang,
): string {
  switch (format) {
    case 'statuspage':
      return JSON.stringify(statuspagePayload(event, ctx));
    case 'slack':
      return JSON.stringify(slackPayload(chatMessage(event, ctx, lang)));
    case 'teams':
      return JSON.stringify(teamsPayload(chatMessage(event, ctx, lang), lang));
  }
}
