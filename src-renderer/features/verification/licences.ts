/**
 * Electronic licences in the materials step (rule 10): whose licences to look up for a
 * material, which of them the clerk may use, and what the material records. Pure.
 */
import type { Material } from '../../../src-shared/domain/catalog';
import type { MaterialState } from '../../../src-shared/domain/case';
import { licenceGradeRule, licenceUsable, type ElectronicLicence, type TrustGrade } from '../../../src-shared/protocol/shared-data';
import type { IntakeData } from '../intake/model';

export type MaterialLicence = NonNullable<MaterialState['licence']>;

const HOLDER = /^[0-9A-Z]{18}$/;
const clean = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/**
 * The holders whose licences may serve this material: the person applying; for an
 * organisation, the organisation — and its legal representative for identity documents.
 * Only well-formed 18-character numbers (resident ID, credit code) are asked about.
 */
export function licenceHoldersFor(data: IntakeData, material: Pick<Material, 'licenceType'>): string[] {
  if (!material.licenceType) return [];
  const out: string[] = [];
  if (data.applicantKind === 'person') {
    if (data.person.documentType === '111') out.push(clean(data.person.documentNumber));
  } else {
    out.push(clean(data.org.creditCode));
    if (data.org.legalDocType === '111') out.push(clean(data.org.legalDocNumber));
  }
  return [...new Set(out.filter((h) => HOLDER.test(h)))];
}

export interface LicenceOption {
  licence: ElectronicLicence;
  usable: ReturnType<typeof licenceUsable>;
}

const GRADE_ORDER: Record<TrustGrade, number> = { A: 0, B: 1, C: 2, D: 3 };

/** The licences of the material's type, usable ones first (best grade, latest issued). */
export function licenceOptions(list: readonly ElectronicLicence[], licenceType: string): LicenceOption[] {
  return list
    .filter((l) => l.licenceType === licenceType)
    .map((licence) => ({ licence, usable: licenceUsable(licence, licenceType) }))
    .sort(
      (a, b) =>
        Number(b.usable.ok) - Number(a.usable.ok) ||
        GRADE_ORDER[a.licence.trustGrade] - GRADE_ORDER[b.licence.trustGrade] ||
        (a.licence.issuedAt < b.licence.issuedAt ? 1 : a.licence.issuedAt > b.licence.issuedAt ? -1 : 0),
    );
}

/** What the material records when the clerk uses this licence (grade C starts unchecked). */
export function toMaterialLicence(l: ElectronicLicence): MaterialLicence {
  return {
    licenceNumber: l.licenceNumber,
    trustGrade: l.trustGrade,
    licenceType: l.licenceType,
    documentSha256: l.documentSha256,
    ...(licenceGradeRule(l.trustGrade) === 'needs-original-check' ? { originalChecked: false } : {}),
  };
}
