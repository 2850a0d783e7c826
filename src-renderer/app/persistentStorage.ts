/**
 * Ask the browser to keep this origin's storage (IndexedDB) under storage pressure:
 * cases not yet sent to the center live only here. Requested at start and shown in
 * settings; null where the API is missing.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!s?.persist) return null;
  try {
    if (s.persisted && (await s.persisted())) return true;
    return await s.persist();
  } catch {
    return false;
  }
}
