export * from './components.ts';
export * from './incidents.ts';
export * from './maintenance.ts';
export * from './published.ts';
export * from './notify.ts';
export * from './operators.ts';
