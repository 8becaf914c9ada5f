import { html } from 'hono/html';

/**
 * The opening tag of a `.table-wrap`: a table wider than a phone scrolls inside it rather than
 * widening the page (WCAG 1.4.10). It takes the focus (tabindex 0) so that a keyboard can scroll
 * it, and is a region named by its heading's id or a label, so that a screen reader says what got
 * the focus (WCAG 2.1.1, 4.1.2; axe-core's scrollable-region-focusable). Close it with `</div>`.
 */
export const scrollRegion = (name: { labelledby: string } | { label: string }, id?: string) =>
  'labelledby' in name
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${name.labelledby}"${id ? html` id="${id}"` : ''}>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${name.label}"${id ? html` id="${id}"` : ''}>`;
