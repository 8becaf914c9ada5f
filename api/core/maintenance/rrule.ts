import * as rruleModule from 'rrule';

type RRuleModule = typeof rruleModule;

// rrule's `main` is a UMD bundle: Node's ESM loader exposes it only as a default export, while
// bundlers (Vite, Astro) read its `module` build with named exports. Accept both.
const lib: RRuleModule =
  'RRule' in rruleModule && rruleModule.RRule
    ? rruleModule
    : (rruleModule as unknown as { default: RRuleModule }).default;

export const { RRule, Frequency } = lib;
export type RRuleOptions = rruleModule.Options;
