/** Identifiers of applicants and organisations: validators, generators, document types. */
export * from './result';
export * from './regions';
export * from './mod11-2';
export * from './resident-id';
export * from './travel-documents';
export * from './credit-code';
export * from './document-types';
