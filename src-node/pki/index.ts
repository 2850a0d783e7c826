/**
 * Demo and issuing PKI for Yichuang: plain Node modules (node:crypto + node-forge's ASN.1),
 * no Electron. See demo.ts for the demo PKI and names.ts for how Chinese names and the
 * region code are put into certificates.
 */
export * from './certs';
export * from './crl';
export * from './demo';
export * from './der';
export * from './extensions';
export * from './keys';
export * from './names';
export * from './pkcs12';
export * from './validate';
