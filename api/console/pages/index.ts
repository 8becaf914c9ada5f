import type { NavEntry, PageModule } from '../types.ts';
import { auditPages } from './audit.ts';
import { homePage } from './home.ts';
import { adminNav, dashboardNav } from './home-nav.ts';
import { loginHistoryPages } from './login-history.ts';
import { operatorPages } from './operators.ts';
import { tokenPages } from './tokens.ts';

/** Every console area, in the order of the navigation. Each helper area adds its module here. */
export const pageModules: PageModule[] = [homePage, operatorPages, tokenPages, auditPages, loginHistoryPages];

/** The console's menu, in order: each area adds its entries here (shown to those whose role allows `scope`). */
export const nav: NavEntry[] = [dashboardNav, ...adminNav];
