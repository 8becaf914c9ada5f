import { markdownToText } from '../../../core/text/markdown.ts';
import type { Lang, NotificationContext, NotificationEvent } from '../../events.ts';
import { mailContent } from '../../mail/content.ts';

/**
 * What a chat message says, before a chat format (Slack, Teams) lays it out. Every string is
 * plain text: the format escapes it for its own markup, so an operator's `<`, `*` or `[x](…)`
 * shows as typed. The words are the e-mail's (mail/content.ts), so both channels say the same.
 */
export interface ChatMessage {
  /** One line: the e-mail's subject, e.g. `【障害発生】API の応答遅延`. */
  heading: string;
  /** The opening sentence, the record's text (markdown read as plain text), what an operator should do. */
  body: string;
  facts: { label: string; value: string }[];
  url: string;
  linkLabel: string;
}

export function chatMessage(event: NotificationEvent, ctx: NotificationContext, lang: Lang): ChatMessage {
  const content = mailContent(event, ctx, lang);
  const body = [content.lead, content.body ? markdownToText(content.body.text) : '', content.action ?? '']
    .map((p) => p.trim())
    .filter(Boolean)
    .join('\n\n');
  return {
    heading: content.subject,
    body,
    facts: content.facts,
    url: content.link.url,
    linkLabel: content.link.label,
  };
}
