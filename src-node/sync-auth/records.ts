/**
 * Record signatures. Each outbox record is signed by the device key when main pushes it;
 * the center verifies the signature with the device certificate and keeps it with the
 * record, so every case event the province holds is attributable to the device that
 * recorded it, independently of the request that carried it.
 *
 * Signed bytes: "YICHUANG-RECORD-1\n" + canonical JSON (RFC 8785 style, see
 * src-shared/domain/canonical-json) of the SyncRecord.
 */
import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../../src-shared/domain/canonical-json';
import type { SyncRecord } from '../../src-shared/protocol/sync';
import type { ResultLogEntry } from '../../src-shared/protocol/result-log';
import { sha256Hex, signBytes, verifyBytes } from './request';

export const RECORD_PREFIX = 'YICHUANG-RECORD-1\n';

export function recordSigningBytes(record: SyncRecord): string {
  return RECORD_PREFIX + canonicalJson(record);
}

/** SHA-256 of the record's canonical JSON: its content identity (same id + other hash = conflict). */
export function recordHash(record: SyncRecord): string {
  return sha256Hex(canonicalJson(record));
}

export function signRecord(record: SyncRecord, key: KeyObject): string {
  return signBytes(recordSigningBytes(record), key);
}

export function verifyRecord(record: SyncRecord, signature: string, key: KeyObject): boolean {
  return verifyBytes(recordSigningBytes(record), key, signature);
}

/**
 * Result-log entries (src-shared/protocol/result-log.ts) are signed the same way under their
 * own prefix, so a record's signature can never pass for an entry's or the other way round.
 */
export const RESULT_LOG_PREFIX = 'YICHUANG-RESULT-LOG-1\n';

export function resultLogSigningBytes(entry: ResultLogEntry): string {
  return RESULT_LOG_PREFIX + canonicalJson(entry);
}

export function resultLogEntryHash(entry: ResultLogEntry): string {
  return sha256Hex(canonicalJson(entry));
}

export function signResultLogEntry(entry: ResultLogEntry, key: KeyObject): string {
  return signBytes(resultLogSigningBytes(entry), key);
}

export function verifyResultLogEntry(entry: ResultLogEntry, signature: string, key: KeyObject): boolean {
  return verifyBytes(resultLogSigningBytes(entry), key, signature);
}
