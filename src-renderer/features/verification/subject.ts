/**
 * What to ask the shared data about the applicant being taken in: only once the local
 * checks pass (the check digits of the ID number or credit code, a name), so the center
 * is never asked about a number that cannot exist. Pure.
 */
import { PersonApplicant } from '../../../src-shared/domain/case';
import { validateCreditCode } from '../../../src-shared/domain/identifiers/credit-code';
import { validateDocumentNumber } from '../../../src-shared/domain/identifiers/document-types';
import type { VerificationRow, VerificationSubject } from '../../db/verificationsRepository';
import type { MessageKey } from '../../app/i18n/zh-CN';
import type { IntakeData } from '../intake/model';

/** A name as the applicant record takes it (trimmed, 1–100 characters), or null. */
function nameOf(s: string): string | null {
  const r = PersonApplicant.shape.name.safeParse(s.trim());
  return r.success && r.data.trim() ? r.data.trim().normalize('NFC') : null;
}

export function verificationSubjectOf(data: IntakeData, today: string): VerificationSubject | null {
  if (data.applicantKind === 'person') {
    const p = data.person;
    const doc = validateDocumentNumber(p.documentType, p.documentNumber, { today, field: 'person.documentNumber' });
    const name = nameOf(p.name);
    if (!doc.ok || !name) return null;
    return { kind: 'person', request: { documentType: p.documentType, documentNumber: doc.value, name } };
  }
  const o = data.org;
  const code = validateCreditCode(o.creditCode, { field: 'org.creditCode' });
  // A code failing its check is asked about only once a supervisor has overridden it (some real codes fail).
  if (code.kind === 'invalid') return null;
  if (code.kind === 'override-allowed' && !(o.override && o.overrideFor === code.value)) return null;
  const name = nameOf(o.name);
  const legal = nameOf(o.legalName);
  if (!name || !legal) return null;
  // The shared data holds codes of the standard alphabet only.
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code.value)) return null;
  return { kind: 'organisation', request: { creditCode: code.value, name, legalRepresentative: legal } };
}

export type VerificationTone = 'success' | 'warning' | 'error' | 'processing' | 'default';

/** How a row reads to the clerk: a label key and a colour. */
export function verificationLabel(row: Pick<VerificationRow, 'state' | 'result'>): { key: MessageKey; tone: VerificationTone } {
  if (row.state === 'pending') return { key: 'verify.state.pending', tone: 'default' };
  if (row.state === 'failed') return { key: 'verify.state.failed', tone: 'warning' };
  switch (row.result) {
    case 'match':
      return { key: 'verify.result.match', tone: 'success' };
    case 'name_mismatch':
      return { key: 'verify.result.name_mismatch', tone: 'error' };
    case 'mismatch':
      return { key: 'verify.result.mismatch', tone: 'error' };
    case 'not_found':
      return { key: 'verify.result.not_found', tone: 'warning' };
    case 'deceased':
      return { key: 'verify.result.deceased', tone: 'error' };
    case 'deregistered':
      return { key: 'verify.result.deregistered', tone: 'error' };
    case 'revoked':
      return { key: 'verify.result.revoked', tone: 'error' };
    default:
      return { key: 'verify.state.pending', tone: 'default' };
  }
}
