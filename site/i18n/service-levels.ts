import { defineMessages } from './define.ts';

/** Strings for availability, response figures, support desk (issue 5). */
export const messages = defineMessages({}, {});
