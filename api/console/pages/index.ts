import type { NavEntry, PageModule } from '../types.ts';

/** Every console area, in the order of the navigation. Each helper area adds its module here. */
export const pageModules: PageModule[] = [];

/** The console's menu, in order: each area adds its entries here (shown to those whose role allows `scope`). */
export const nav: NavEntry[] = [];
