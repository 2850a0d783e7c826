/**
 * The three questions a window may ask of the shared data, each answered and written to
 * the audit log (shared_data_queries) in one transaction: no answer leaves without its
 * audit row. Answers say match or mismatch only; the register's own values (a name, a
 * legal representative) are never returned.
 */
import { randomUUID } from 'node:crypto';
import type {
  ElectronicLicence,
  LicencesRequest,
  LicencesResponse,
  OrganisationField,
  VerifyOrganisationRequest,
  VerifyOrganisationResponse,
  VerifyPersonRequest,
  VerifyPersonResponse,
} from '../../src-shared/protocol/shared-data';
import type { Db } from '../store/index';

export const POPULATION_SOURCE = '河北省人口基础信息库（演示合成数据）';
export const LEGAL_PERSON_SOURCE = '河北省法人单位基础信息库（演示合成数据）';
export const LICENCE_SOURCE = '河北省电子证照库（演示合成数据）';

/** Who asked. */
export interface Asker {
  deviceId: string;
  windowId: string;
}

/**
 * Names compared as people write them: NFC, no spaces, one middle dot for the several in
 * use (维吾尔族 names: 买买提·艾力), half-width parentheses in organisation names.
 */
export function comparableName(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/[·•‧・．.]/g, '·')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const day = (v: unknown): string => {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
};

async function audit(
  tx: Db,
  who: Asker,
  kind: 'person' | 'organisation' | 'licences',
  subject: string,
  asked: unknown,
  result: string,
  detail: unknown,
): Promise<{ id: string; askedAt: string }> {
  const id = randomUUID();
  const [row] = await tx.query<{ asked_at: Date | string }>(
    `INSERT INTO shared_data_queries (id, device_id, window_id, kind, subject, asked, result, detail)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb) RETURNING asked_at`,
    [id, who.deviceId, who.windowId, kind, subject, JSON.stringify(asked), result, detail === null ? null : JSON.stringify(detail)],
  );
  return { id, askedAt: iso(row!.asked_at) };
}

export async function verifyPerson(db: Db, who: Asker, q: VerifyPersonRequest): Promise<VerifyPersonResponse> {
  return db.transaction(async (tx) => {
    // The population data holds resident ID numbers (document type 111) only.
    const [row] =
      q.documentType === '111'
        ? await tx.query<{ name: string; status: string }>('SELECT name, status FROM shared_persons WHERE id_number = $1', [q.documentNumber])
        : [];
    let result: VerifyPersonResponse['result'];
    if (!row) result = 'not_found';
    else if (comparableName(row.name) !== comparableName(q.name)) result = 'name_mismatch';
    else result = row.status === 'deceased' ? 'deceased' : 'match';
    const a = await audit(tx, who, 'person', q.documentNumber, q, result, null);
    return { result, checkedAt: a.askedAt, source: POPULATION_SOURCE, queryId: a.id };
  });
}

export async function verifyOrganisation(db: Db, who: Asker, q: VerifyOrganisationRequest): Promise<VerifyOrganisationResponse> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ name: string; legal_representative: string; status: string }>(
      'SELECT name, legal_representative, status FROM shared_organisations WHERE credit_code = $1',
      [q.creditCode],
    );
    const mismatchedFields: OrganisationField[] = [];
    let result: VerifyOrganisationResponse['result'];
    if (!row) result = 'not_found';
    else {
      if (comparableName(row.name) !== comparableName(q.name)) mismatchedFields.push('name');
      if (comparableName(row.legal_representative) !== comparableName(q.legalRepresentative)) mismatchedFields.push('legalRepresentative');
      // Registration status is public (enterprise credit information disclosure): it comes first.
      result = row.status === '注销' ? 'deregistered' : row.status === '吊销' ? 'revoked' : mismatchedFields.length ? 'mismatch' : 'match';
    }
    const a = await audit(tx, who, 'organisation', q.creditCode, q, result, mismatchedFields.length ? { mismatchedFields } : null);
    return { result, mismatchedFields, checkedAt: a.askedAt, source: LEGAL_PERSON_SOURCE, queryId: a.id };
  });
}

export const MAX_LICENCES = 200;

export async function licencesOf(db: Db, who: Asker, q: LicencesRequest, now: Date): Promise<LicencesResponse> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{
      licence_number: string;
      licence_type: string;
      holder_id: string;
      issuer: string;
      issued_on: unknown;
      valid_until: unknown;
      trust_grade: string;
      document_sha256: string;
      revoked: boolean;
      expired: boolean;
    }>(
      `SELECT licence_number, licence_type, holder_id, issuer, to_char(issued_on, 'YYYY-MM-DD') AS issued_on,
              to_char(valid_until, 'YYYY-MM-DD') AS valid_until, trust_grade, document_sha256, revoked,
              (valid_until IS NOT NULL AND valid_until < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date) AS expired
         FROM shared_licences WHERE holder_id = $1
        ORDER BY licence_type, issued_on DESC, licence_number
        LIMIT ${MAX_LICENCES}`,
      [q.holderId, now.toISOString()],
    );
    const licences: ElectronicLicence[] = rows.map((r) => ({
      licenceNumber: r.licence_number,
      licenceType: r.licence_type,
      holderId: r.holder_id.trim(),
      issuer: r.issuer,
      issuedAt: day(r.issued_on),
      validUntil: r.valid_until == null ? null : day(r.valid_until),
      trustGrade: r.trust_grade as ElectronicLicence['trustGrade'],
      documentSha256: r.document_sha256,
      status: r.revoked ? 'revoked' : r.expired ? 'expired' : 'valid',
    }));
    const a = await audit(tx, who, 'licences', q.holderId, q, licences.length ? 'found' : 'none', { count: licences.length });
    return { holderId: q.holderId, licences, checkedAt: a.askedAt, source: LICENCE_SOURCE, queryId: a.id };
  });
}
