export { buildBadgeSvg, type BadgeOptions } from './build-badge.ts';
export { BADGE_COLOR, BADGE_LABEL, BADGE_MESSAGE } from './badge-text.ts';
