/** The keystore of the counter PC and the province trust material main caches (see keystore.ts). */
export { Keystore, KEYSTORE_ROLES, assertCanSign, certificateDetails, holderId, type KeystoreOptions, type SafeStorageLike, type TrustSource } from './keystore';
export { PkiCache, type PkiCacheOptions } from './pki-cache';
export { KeystoreError, type KeystoreRule } from './errors';
export { setupKeystore, type KeystoreSetup } from './setup';
