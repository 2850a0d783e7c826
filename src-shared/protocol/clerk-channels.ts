/**
 * The clerk-api channel allow-list, alone, so that the Electron preload (a sandboxed
 * script that should carry no schema library) can expose exactly these names.
 * clerk-api.ts checks at compile time that its table has exactly these keys.
 */
export const CLERK_CHANNELS = ['app:info', 'settings:get', 'settings:set', 'files:open', 'idcard:read', 'documents:render', 'documents:verify', 'keystore:status', 'keystore:import', 'keystore:unlock', 'keystore:lock', 'device:status', 'device:enroll', 'sync:ping', 'sync:push', 'sync:blob-status', 'sync:blob-chunk', 'sync:pull', 'sync:result-pdf', 'sync:result-log', 'sync:proxy-authorisations', 'sync:verify-person', 'sync:verify-organisation', 'sync:licences', 'printers:list', 'results:check', 'results:print', 'session:status', 'session:login', 'session:logout', 'updates:status', 'updates:report-unsent', 'updates:install'] as const;
export type ChannelName = (typeof CLERK_CHANNELS)[number];
