export { cleanText, singleLine } from './clean-text.ts';
export { buildMaintenanceCalendar, type MaintenanceCalendarInput } from './maintenance-calendar.ts';
