export { buildBadgeSvg } from './build-badge.ts';
