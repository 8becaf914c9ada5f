import { defineMessages } from './define.ts';

/** Strings for planned maintenance and notices (issue 3). */
export const messages = defineMessages({}, {});
