/**
 * Shared-data verification (issue 6, part 5): the window asks the province's shared
 * population, legal-person and electronic-licence data through the center's sync service.
 * Signed device requests (any enrolled window); every question is audit-logged at the
 * center; answers say match or mismatch and never disclose the registry's own values
 * (a name that does not match is never returned).
 *
 *   POST /v1/sync/verify/person        VerifyPersonRequest        → VerifyPersonResponse
 *   POST /v1/sync/verify/organisation  VerifyOrganisationRequest  → VerifyOrganisationResponse
 *   POST /v1/sync/licences             LicencesRequest            → LicencesResponse
 *
 * Electronic licences carry a trust grade (shared/DOMAIN.md rule 10): A (issued with a
 * seal) and B (checked against the original) replace paper; C (uploaded) replaces it only
 * after the clerk checks the original; D never does. `licenceGradeRule` says which.
 */
import { z } from 'zod';
import { DocumentTypeCode } from '../domain/identifiers/document-types';
import { IsoDate } from '../domain/dates';

const IsoDateTime = z.iso.datetime({ offset: true, message: '时间必须是带时区的 ISO 8601 时间' });
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 必须是64位小写十六进制 (sha256 hex)');

/** Upper-cases, drops spaces (a lower-case x is accepted on input, stored upper case). */
const code = (what: string, max: number) =>
  z
    .string({ message: `${what}为必填项 (required)` })
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().min(1, `${what}不能为空 (required)`).max(max, `${what}过长，最多 ${max} 个字符 (too long)`));

/** A person's or an organisation's name as written on the application (trimmed, NFC). */
const PersonName = (what: string) =>
  z
    .string({ message: `${what}为必填项 (required)` })
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, `${what}不能为空 (required)`).max(100, `${what}过长，最多 100 个字符 (too long)`));

export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export const VerifyPersonRequest = z
  .object({
    documentType: DocumentTypeCode,
    documentNumber: code('证件号码', 40),
    name: PersonName('姓名'),
  })
  .strict();
export type VerifyPersonRequest = z.infer<typeof VerifyPersonRequest>;

export const PersonVerificationResult = z.enum([
  /** The number is in the population data under this name, and the person is alive. */
  'match',
  /** The number is there under another name (which is not disclosed). */
  'name_mismatch',
  /** No such number (the population data holds resident ID numbers, type 111). */
  'not_found',
  /** Number and name match a person recorded as deceased. */
  'deceased',
]);
export type PersonVerificationResult = z.infer<typeof PersonVerificationResult>;

/** Who answered (the data set and its edition), shown beside the result. */
export const VerificationSource = z.string().min(1).max(100);

export const VerifyPersonResponse = z.object({
  result: PersonVerificationResult,
  checkedAt: IsoDateTime,
  source: VerificationSource,
  /** The center's audit row for this question. */
  queryId: z.string().min(1).max(40),
});
export type VerifyPersonResponse = z.infer<typeof VerifyPersonResponse>;

export const VerifyOrganisationRequest = z
  .object({
    creditCode: code('统一社会信用代码', 18).pipe(z.string().regex(CREDIT_CODE_SHAPE, '统一社会信用代码必须是18位，且只含 0-9 和 A-Y（不含 I、O、S、V、Z） (GB 32100-2015)')),
    name: PersonName('单位名称'),
    legalRepresentative: PersonName('法定代表人姓名'),
  })
  .strict();
export type VerifyOrganisationRequest = z.infer<typeof VerifyOrganisationRequest>;

export const OrganisationVerificationResult = z.enum([
  'match',
  /** Registered and in business, but some fields differ: `mismatchedFields` lists them. */
  'mismatch',
  'not_found',
  /** 注销 */
  'deregistered',
  /** 吊销 (business licence revoked) */
  'revoked',
]);
export type OrganisationVerificationResult = z.infer<typeof OrganisationVerificationResult>;

export const OrganisationField = z.enum(['name', 'legalRepresentative']);
export type OrganisationField = z.infer<typeof OrganisationField>;

export const VerifyOrganisationResponse = z.object({
  result: OrganisationVerificationResult,
  /** The request's fields that differ from the register (never the register's values). Empty unless the code was found. */
  mismatchedFields: z.array(OrganisationField),
  checkedAt: IsoDateTime,
  source: VerificationSource,
  queryId: z.string().min(1).max(40),
});
export type VerifyOrganisationResponse = z.infer<typeof VerifyOrganisationResponse>;

export const TrustGrade = z.enum(['A', 'B', 'C', 'D']);
export type TrustGrade = z.infer<typeof TrustGrade>;

export const LicencesRequest = z
  .object({
    /** A resident ID number or a unified social credit code. */
    holderId: code('持证主体证件号码', 18).pipe(z.string().regex(/^[0-9A-Z]{18}$/, '持证主体必须是18位公民身份号码或统一社会信用代码 (holderId: 18 characters)')),
  })
  .strict();
export type LicencesRequest = z.infer<typeof LicencesRequest>;

export const LicenceStatus = z.enum(['valid', 'expired', 'revoked']);
export type LicenceStatus = z.infer<typeof LicenceStatus>;

export const ElectronicLicence = z.object({
  licenceNumber: z.string().min(1).max(64),
  /** Matches the catalog materials' licenceType (营业执照, 居民身份证, 居民户口簿 …). */
  licenceType: z.string().min(1).max(64),
  holderId: z.string().length(18),
  issuer: z.string().min(1).max(100),
  issuedAt: IsoDate,
  /** null: no end of validity. */
  validUntil: IsoDate.nullable(),
  trustGrade: TrustGrade,
  /** SHA-256 of the licence document in the licence library. */
  documentSha256: Sha256Hex,
  /** As of `checkedAt`. */
  status: LicenceStatus,
});
export type ElectronicLicence = z.infer<typeof ElectronicLicence>;

export const LicencesResponse = z.object({
  holderId: z.string().length(18),
  licences: z.array(ElectronicLicence).max(200),
  checkedAt: IsoDateTime,
  source: VerificationSource,
  queryId: z.string().min(1).max(40),
});
export type LicencesResponse = z.infer<typeof LicencesResponse>;

/**
 * What a licence of this grade does for a material (rule 10): A and B replace paper;
 * C replaces it once the clerk has checked the original; D never replaces paper.
 */
export function licenceGradeRule(grade: TrustGrade): 'replaces-paper' | 'needs-original-check' | 'never' {
  switch (grade) {
    case 'A':
    case 'B':
      return 'replaces-paper';
    case 'C':
      return 'needs-original-check';
    case 'D':
      return 'never';
  }
}

/** May a clerk use this licence for a material of `licenceType` on `today`? Reason when not. */
export function licenceUsable(l: Pick<ElectronicLicence, 'licenceType' | 'trustGrade' | 'status'>, licenceType: string): { ok: true } | { ok: false; reason: 'type' | 'grade-d' | 'expired' | 'revoked' } {
  if (l.licenceType !== licenceType) return { ok: false, reason: 'type' };
  if (l.status === 'revoked') return { ok: false, reason: 'revoked' };
  if (l.status === 'expired') return { ok: false, reason: 'expired' };
  if (licenceGradeRule(l.trustGrade) === 'never') return { ok: false, reason: 'grade-d' };
  return { ok: true };
}
