export { DB_NAME, openDb, YichuangDb, type MetaRow } from './database';
export { CatalogRepository, type CatalogCacheState, type CatalogVersionInfo } from './catalogRepository';
export { WindowsRepository } from './windowsRepository';
export { getMeta, setMeta, type MetaKey, type MetaValues } from './meta';
export * from './catalogSearch';
export { SCHEMA_VERSIONS, LATEST_SCHEMA_VERSION, type SchemaVersion } from './versions';
