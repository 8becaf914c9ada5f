import type { PageModule } from '../types.ts';

/** Every console area, in the order of the navigation. Each helper area adds its module here. */
export const pageModules: PageModule[] = [];
