export * from './endpoint';
export * from './sync-client';
export * from './transport';
export * from './setup';
