export * from './components.ts';
export * from './incidents.ts';
