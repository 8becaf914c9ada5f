import type { Lang } from '../../events.ts';
import type { ChatMessage } from './chat-message.ts';

/**
 * A TextRun, unlike a TextBlock or a Fact, is never read as markdown: operator text in it shows
 * as typed, so `[x](javascript:…)` or `**` cannot become a link or formatting.
 */
const run = (text: string, style: Record<string, string> = {}) => ({ type: 'TextRun', text, ...style });
const paragraph = (...inlines: ReturnType<typeof run>[]) => ({ type: 'RichTextBlock', inlines });

/**
 * A Microsoft Teams message for an incoming webhook or a Workflows "post to a channel when a
 * webhook request is received" flow: one Adaptive Card (1.4, which both render) as an attachment.
 */
export function teamsPayload(message: ChatMessage, lang: Lang) {
  const body: unknown[] = [paragraph(run(message.heading, { weight: 'Bolder', size: 'Medium' }))];
  if (message.body) body.push(paragraph(run(message.body)));
  for (const f of message.facts) body.push(paragraph(run(`${f.label}: `, { weight: 'Bolder' }), run(f.value)));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          lang,
          body,
          actions: [{ type: 'Action.OpenUrl', title: message.linkLabel, url: message.url }],
        },
      },
    ],
  };
}
