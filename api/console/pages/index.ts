import type { NavEntry, PageModule } from '../types.ts';
import { auditPages } from './audit.ts';
import { componentsModule } from './components.ts';
import { contactPages, notifyNav } from './contacts.ts';
import { deliveryPages } from './deliveries.ts';
import { homePage } from './home.ts';
import { incidentsModule, incidentsNav } from './incidents.ts';
import { adminNav, dashboardNav } from './home-nav.ts';
import { loginHistoryPages } from './login-history.ts';
import { maintenancePages, scheduleNav } from './maintenance.ts';
import { noticePages } from './notices.ts';
import { operatorPages } from './operators.ts';
import { overdueModule } from './overdue.ts';
import { subscriberPages } from './subscribers.ts';
import { tokenPages } from './tokens.ts';
import { webhookPages } from './webhooks.ts';

/** Every console area, in the order of the navigation. Each helper area adds its module here. */
export const pageModules: PageModule[] = [
  homePage,
  incidentsModule,
  overdueModule,
  componentsModule,
  maintenancePages,
  noticePages,
  contactPages,
  subscriberPages,
  webhookPages,
  deliveryPages,
  operatorPages,
  tokenPages,
  auditPages,
  loginHistoryPages,
];

/** The console's menu, in order: each area adds its entries here (shown to those whose role allows `scope`). */
export const nav: NavEntry[] = [dashboardNav, ...incidentsNav, ...scheduleNav, ...notifyNav, ...adminNav];
