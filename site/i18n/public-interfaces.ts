import { defineMessages } from './define.ts';

/** Strings for feeds, badges, API reference (issue 4). */
export const messages = defineMessages({}, {});
