/** Remote result printing in main: printers, verify-before-print, the print journal. */
export * from './types';
export * from './directory-printer';
export * from './cups-printer';
export * from './journal';
export * from './result-verifier';
export * from './result-printer';
export * from './setup';
