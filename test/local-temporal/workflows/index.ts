export * from './activity-calls';
export * from './children';
export * from './lifecycle';
export * from './signals';
export * from './timers';
export * from './updates';
