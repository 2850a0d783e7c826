/**
 * The main-process side of the clerk-api: one handler per channel, bound to the
 * services. Both bindings (Electron IPC in electron/ipc.ts and the browser host in
 * browser-host/) call `dispatch`, which validates arguments before a service runs and
 * the result before it leaves, so neither binding can forget to.
 */
import {
  ClerkApiError,
  parseArgs,
  parseResult,
  isChannel,
  type ArgsOf,
  type Channel,
  type ResultOf,
  type AppInfo,
  type OpenFilesArgs,
  type OpenFilesResult,
} from '../src-shared/protocol/clerk-api';
import type { SettingsStore } from './services/settings-store';
import type { DocumentService } from './services/documents';
import { DomainRuleError } from '../src-shared/domain/errors';
import type { IdCardReader } from './services/id-reader';
import type { Keystore } from './services/keystore';
import type { SyncClient } from './services/sync-transport/sync-client';
import type { ResultPrintService } from './services/printer/result-printer';
import { demoLoginStatus, type LoginService } from './services/session';
import { UpdateGate } from './services/updates';

/** How long idcard:read waits for a card when the renderer does not say. */
export const DEFAULT_IDCARD_TIMEOUT_MS = 10_000;

export interface HostServices {
  appInfo: () => AppInfo;
  settings: SettingsStore;
  /** Native file chooser; absent in browser mode, where the renderer answers files:open. */
  openFiles?: (args: OpenFilesArgs) => Promise<OpenFilesResult>;
  /** The counter's ID card reader; absent unless configured (YICHUANG_IDREADER). */
  idReader?: IdCardReader;
  /** Renders (and later signs) the decision documents. */
  documents: DocumentService;
  /** The clerk's certificate and the window seal (PKCS#12, PIN); absent = signing unavailable. */
  keystore?: Keystore;
  /** Device identity and HTTPS to the center's sync service; absent = sync unavailable on this host. */
  sync?: SyncClient;
  /** Printers and verify-before-print of results; absent = printing unavailable on this host. */
  printing?: ResultPrintService;
  /** Clerk login with the certificate; absent = demo mode (no keystore on this host). */
  session?: LoginService;
  /** App updates held while anything is unsent; absent = updates managed by the host. */
  updates?: UpdateGate;
}

type Handlers = { [C in Channel]: (args: ReturnType<typeof parseArgs<C>>) => Promise<ResultOf<C>> | ResultOf<C> };

export function createHandlers(services: HostServices): Handlers {
  let hostManaged: UpdateGate | undefined;
  const updates = () => services.updates ?? (hostManaged ??= new UpdateGate({ mode: 'host-managed', currentVersion: services.appInfo().version }));
  return {
    'app:info': () => services.appInfo(),
    'settings:get': () => services.settings.get(),
    'settings:set': (patch) => services.settings.set(patch),
    'files:open': (args) => {
      if (!services.openFiles)
        throw new ClerkApiError('failed', 'files:open 在浏览器模式下由页面处理 (answered by the page in browser mode)');
      return services.openFiles(args);
    },
    'idcard:read': (args) => {
      if (!services.idReader)
        throw new ClerkApiError('failed', '未连接身份证阅读器，请手工录入证件信息 (no ID card reader configured: set YICHUANG_IDREADER)');
      // Read failures are ClerkApiErrors naming the field and rule; they pass through as is.
      return services.idReader.read({ timeoutMs: args.timeoutMs ?? DEFAULT_IDCARD_TIMEOUT_MS });
    },
    'documents:render': (args) => services.documents.render(args),
    'documents:verify': (args) => services.documents.verify(args.pdf),
    'keystore:status': () => keystoreOf(services).status(),
    'keystore:import': (args) => keystoreOf(services).import(args.role, args.p12, args.pin),
    'keystore:unlock': (args) => keystoreOf(services).unlock(args.role, args.pin),
    'keystore:lock': (args) => keystoreOf(services).lock(args.role),
    'device:status': () => syncOf(services).info(),
    'device:enroll': (args) => syncOf(services).enroll(args),
    'sync:ping': () => syncOf(services).ping(),
    'sync:push': (args) => syncOf(services).push(args.records),
    'sync:blob-status': (args) => syncOf(services).blobStatus(args.blobs),
    'sync:blob-chunk': (args) => syncOf(services).blobChunk(args),
    'sync:pull': (args) => syncOf(services).pull(args),
    'sync:result-pdf': (args) => syncOf(services).resultPdf(args),
    'sync:result-log': (args) => syncOf(services).resultLog(args.entries),
    'sync:proxy-authorisations': () => syncOf(services).proxyAuthorisations(),
    'sync:verify-person': (args) => syncOf(services).verifyPerson(args),
    'sync:verify-organisation': (args) => syncOf(services).verifyOrganisation(args),
    'sync:licences': (args) => syncOf(services).licences(args),
    'printers:list': () => printingOf(services).printers(),
    'results:check': (args) => printingOf(services).check(args.pdf, args.sha256),
    'results:print': (args) => printingOf(services).print(args),
    'session:status': () => (services.session ? services.session.status() : demoLoginStatus(services.settings)),
    'session:login': (args) => sessionOf(services).login(args.pin),
    'session:logout': () => sessionOf(services).logout(),
    'updates:status': () => updates().status(),
    'updates:report-unsent': (args) => updates().report(args),
    'updates:install': () => updates().install(),
  };
}

function syncOf(services: HostServices): SyncClient {
  if (!services.sync) throw new ClerkApiError('failed', '本机未启用与中心的同步 (no sync client on this host)');
  return services.sync;
}

function sessionOf(services: HostServices): LoginService {
  if (!services.session) throw new ClerkApiError('failed', '本机未启用证书登录（演示模式）(no clerk login on this host: demo mode)');
  return services.session;
}

function printingOf(services: HostServices): ResultPrintService {
  if (!services.printing) throw new ClerkApiError('failed', '本机未启用结果打印 (no printing service on this host)');
  return services.printing;
}

function keystoreOf(services: HostServices): Keystore {
  if (!services.keystore) throw new ClerkApiError('failed', '本机未启用证书库，文书无法签章 (no keystore on this host)');
  return services.keystore;
}

export type Dispatch = <C extends Channel>(channel: C, args: ArgsOf<C> | unknown) => Promise<ResultOf<C>>;

/** Validate, run, validate. Unknown channels and bad arguments never reach a service. */
export function createDispatch(handlers: Handlers): (channel: unknown, args: unknown) => Promise<unknown> {
  return async (channel, args) => {
    if (!isChannel(channel)) throw new ClerkApiError('unknown_channel', `未知的调用: ${String(channel).slice(0, 60)}`);
    const clean = parseArgs(channel, args);
    const handler = handlers[channel] as (a: unknown) => unknown;
    const result = await handler(clean);
    return parseResult(channel, result);
  };
}

/** Turn any thrown value into the ApiError shape without leaking stack traces. */
export function toApiError(err: unknown): { code: ClerkApiError['code']; message: string; field?: string } {
  if (err instanceof ClerkApiError) return err.toJSON();
  // A domain rule broken by the arguments (e.g. a refusal without a reason): the caller's fault.
  if (err instanceof DomainRuleError) return { code: 'bad_args', message: err.message, field: err.field };
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}
