/** Signed sync requests and records, device CSRs and sync certificates: used by the window's main process and the center. */
export * from './certs';
export * from './csr';
export * from './records';
export * from './request';
