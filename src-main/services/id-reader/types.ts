/**
 * The ID-card-reader hook: what the intake screen asks of the counter's resident ID card
 * reader (身份证阅读器), whatever its make. Implementations: HTTP (a vendor service on
 * 127.0.0.1), file (a vendor service that drops the last read in a folder) and a
 * simulator for tests and demos. None of them is chosen unless configured
 * (YICHUANG_IDREADER, see select.ts): reads are never faked silently.
 */
import { ClerkApiError, type IdCardRead } from '../../../src-shared/protocol/clerk-api';

export type { IdCardRead };

export interface IdCardReaderStatus {
  available: boolean;
  /** 'http' | 'file' | 'simulator' */
  kind: string;
  /** Where it reads from, or why it is unavailable; never personal data. */
  detail?: string;
}

export interface IdCardReader {
  /** Waits up to `timeoutMs` for a card and returns its checked contents. Throws IdCardReadError. */
  read(opts: { timeoutMs: number }): Promise<IdCardRead>;
  status(): Promise<IdCardReaderStatus>;
}

/** Why a read failed; the message (Chinese first) tells the clerk what to do. */
export type IdCardReadFailure =
  /** No card on the reader within the time allowed. */
  | 'no_card'
  /** The reader (or its service) did not answer in time. */
  | 'timeout'
  /** The reader service is not running or not reachable. */
  | 'unavailable'
  /** The data read breaks a rule (check digit, dates, sex…) or cannot be understood. */
  | 'bad_data'
  /** The configuration is refused (e.g. a non-loopback URL). */
  | 'refused';

/**
 * A failed read. It is a ClerkApiError (code 'failed', with the field at fault when there
 * is one), so the clerk-api passes it to the renderer as is; `reason` and `rule` are for
 * main-side callers and tests.
 */
export class IdCardReadError extends ClerkApiError {
  constructor(
    readonly reason: IdCardReadFailure,
    message: string,
    field?: string,
    /** The rule broken, for bad_data (e.g. 'GB 11643-1999 MOD 11-2'). */
    readonly rule?: string,
  ) {
    super('failed', message, field);
    this.name = 'IdCardReadError';
  }
}

/** Where readers write their (masked) log lines. Defaults to nowhere. */
export interface IdReaderLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export const silentLog: IdReaderLog = { info: () => {}, warn: () => {} };
