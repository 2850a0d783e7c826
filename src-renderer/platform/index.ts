export { detectPlatform, electronClient, httpClient, validatingClient, toClerkApiError } from './clerkClient';
export type { ClerkBridge, Platform, HttpClientOptions } from './clerkClient';
export { takeLaunchToken, extractToken, TOKEN_STORAGE_KEY } from './token';
export { openFilesInBrowser, readPickedFiles, acceptFor, DEFAULT_MAX_BYTES } from './browserFiles';
