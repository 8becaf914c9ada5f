import type { ChatMessage } from './chat-message.ts';

/**
 * Slack's escaping for text it reads as mrkdwn: exactly `&`, `<` and `>` ("you shouldn't HTML
 * entity-encode the entire text", docs.slack.dev, formatting with mrkdwn). With `<` escaped no
 * text can open a link, a `<!channel>` mention or a user mention.
 */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escaped text cut to at most `max` characters without splitting an entity (a section's text holds 3,000). */
function escapedWithin(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    const piece = escapeSlack(ch);
    if (out.length + piece.length > max - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Slack allows 10 fields in a section, 2,000 characters each. */
const MAX_FIELDS = 10;

/**
 * A Slack incoming-webhook message: `text` is the notification's and screen readers' line, the
 * blocks the message shown. The link is the only `<url|label>` written; the URL is ours (the
 * site's origin and an encoded id), never operator text.
 */
export function slackPayload(message: ChatMessage) {
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapedWithin(message.heading, 2_900)}*` } },
  ];
  if (message.body)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapedWithin(message.body, 3_000) } });
  if (message.facts.length > 0)
    blocks.push({
      type: 'section',
      fields: message.facts.slice(0, MAX_FIELDS).map((f) => ({
        type: 'mrkdwn',
        text: escapedWithin(`${f.label}\n${f.value}`, 2_000).replace(/^([^\n]*)/, '*$1*'),
      })),
    });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `<${message.url}|${escapeSlack(message.linkLabel)}>` }],
  });
  return { text: escapedWithin(message.heading, 3_000), blocks };
}
