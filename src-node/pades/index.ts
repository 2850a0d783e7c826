/** PAdES signing and verification of PDFs, RFC 3161 timestamps (see README.md). */
export * from './appearance';
export * from './asn1';
export * from './bytes';
export * from './cms';
export * from './incremental';
export * from './objects';
export * from './reader';
export * from './sign';
export * from './signer';
export * from './tsp';
export * from './changes';
export * from './verify';
export * from './window-documents';
