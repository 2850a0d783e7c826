/**
 * Field-level checks of the applicant and the item's form, with the validators and
 * schemas of src-shared (their Chinese messages name the rule). Pure; the screen shows
 * each message beside its field.
 */
import type { z } from 'zod';
import type { FormField } from '../../../src-shared/domain/catalog';
import { PersonApplicant, type Agent, type Applicant } from '../../../src-shared/domain/case';
import { isIsoDate } from '../../../src-shared/domain/dates';
import {
  applyCreditCodeOverride,
  validateCreditCode,
  type CreditCodeResult,
} from '../../../src-shared/domain/identifiers/credit-code';
import { validateDocumentNumber } from '../../../src-shared/domain/identifiers/document-types';
import type { IntakeData, Msg } from './model';

export type FieldErrors = Record<string, Msg>;

/** The largest scan of a power of attorney etc. is checked in ./scans; here only presence. */
export interface ApplicantCheck {
  errors: FieldErrors;
  /** The credit code's own result (organisation), to offer the supervisor override. */
  creditCode: CreditCodeResult | null;
  /** The applicant and agent as they will be recorded, when there are no errors. */
  applicant?: Applicant;
  agent?: z.input<typeof Agent>;
}

const text = (message: string): Msg => ({ text: message });

function zodMessage(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid');
}

const nameSchema = PersonApplicant.shape.name;
const phoneSchema = PersonApplicant.shape.phone.unwrap();
const addressSchema = PersonApplicant.shape.address.unwrap();

function checkName(errors: FieldErrors, field: string, value: string): string {
  const m = zodMessage(nameSchema, value);
  if (m) errors[field] = text(m);
  return value.trim();
}

function checkPhone(errors: FieldErrors, field: string, value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const m = zodMessage(phoneSchema, v);
  if (m) errors[field] = text(m);
  return v;
}

function checkAddress(errors: FieldErrors, field: string, value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const m = zodMessage(addressSchema, v);
  if (m) errors[field] = text(m);
  return v;
}

function checkDocument(errors: FieldErrors, field: string, type: string, value: string, today: string): string {
  const r = validateDocumentNumber(type, value, { today, field });
  if (!r.ok) {
    errors[field] = text(r.message);
    return value.trim();
  }
  return r.value;
}

/** Validate step 2 (applicant and optional agent) as of `today` (YYYY-MM-DD). */
export function checkApplicant(data: IntakeData, today: string): ApplicantCheck {
  const errors: FieldErrors = {};
  let creditCode: CreditCodeResult | null = null;
  let applicant: Applicant | undefined;
  const kinds = data.item?.applicantKinds ?? ['person', 'organisation'];
  if (!kinds.includes(data.applicantKind)) errors['applicantKind'] = { key: 'intake.err.kindNotAllowed' };

  if (data.applicantKind === 'person') {
    const p = data.person;
    const documentNumber = checkDocument(errors, 'person.documentNumber', p.documentType, p.documentNumber, today);
    const name = checkName(errors, 'person.name', p.name);
    const phone = checkPhone(errors, 'person.phone', p.phone);
    const address = checkAddress(errors, 'person.address', p.address);
    applicant = { kind: 'person', name, documentType: p.documentType, documentNumber, ...(phone ? { phone } : {}), ...(address ? { address } : {}) };
  } else {
    const o = data.org;
    creditCode = validateCreditCode(o.creditCode, { field: 'org.creditCode' });
    let code = o.creditCode.trim();
    if (creditCode.kind === 'invalid') errors['org.creditCode'] = text(creditCode.message);
    else {
      code = creditCode.value;
      if (creditCode.kind === 'override-allowed') {
        const override = o.override && o.overrideFor === creditCode.value ? o.override : undefined;
        const r = applyCreditCodeOverride(creditCode, override, 'org.creditCodeOverride');
        if (!r.ok) errors['org.creditCode'] = text(r.message);
      }
    }
    const name = checkName(errors, 'org.name', o.name);
    const legalName = checkName(errors, 'org.legalName', o.legalName);
    const legalNumber = checkDocument(errors, 'org.legalDocNumber', o.legalDocType, o.legalDocNumber, today);
    const phone = checkPhone(errors, 'org.phone', o.phone);
    const address = checkAddress(errors, 'org.address', o.address);
    const override = creditCode.kind === 'override-allowed' && o.override && o.overrideFor === code ? o.override : undefined;
    applicant = {
      kind: 'organisation',
      name,
      creditCode: code,
      ...(override ? { creditCodeOverride: override } : {}),
      legalRepresentative: { name: legalName, documentType: o.legalDocType, documentNumber: legalNumber },
      ...(phone ? { phone } : {}),
      ...(address ? { address } : {}),
    };
  }

  let agent: ApplicantCheck['agent'];
  if (data.agent.enabled) {
    const a = data.agent;
    const documentNumber = checkDocument(errors, 'agent.documentNumber', a.documentType, a.documentNumber, today);
    const name = checkName(errors, 'agent.name', a.name);
    const phone = checkPhone(errors, 'agent.phone', a.phone);
    if (!a.powerOfAttorney) errors['agent.powerOfAttorney'] = { key: 'intake.err.powerOfAttorney' };
    agent = {
      name,
      documentType: a.documentType,
      documentNumber,
      ...(phone ? { phone } : {}),
      ...(a.powerOfAttorney ? { powerOfAttorneyBlob: a.powerOfAttorney.sha256 } : {}),
    };
  }

  const ok = Object.keys(errors).length === 0;
  return { errors, creditCode, ...(ok ? { applicant, agent } : {}) };
}

export interface FormCheck {
  errors: FieldErrors;
  /** The values to record: trimmed, numbers as numbers, empty optional fields left out. */
  values: Record<string, string | number>;
}

/** Validate the item's own form (its schema comes from the catalog). Errors are keyed `form.<key>`. */
export function checkForm(fields: readonly FormField[], input: Readonly<Record<string, string>>): FormCheck {
  const errors: FieldErrors = {};
  const values: Record<string, string | number> = {};
  for (const f of fields) {
    const field = `form.${f.key}`;
    const raw = (input[f.key] ?? '').trim();
    if (!raw) {
      if (f.required) errors[field] = { key: 'intake.err.formRequired', params: { label: f.label } };
      continue;
    }
    if (f.maxLength !== undefined && [...raw].length > f.maxLength) {
      errors[field] = { key: 'intake.err.formMaxLength', params: { label: f.label, max: f.maxLength, n: [...raw].length } };
      continue;
    }
    switch (f.type) {
      case 'number': {
        const normalised = raw.normalize('NFKC').replace(/,/g, '');
        const n = Number(normalised);
        if (!/^-?\d+(\.\d+)?$/.test(normalised) || !Number.isFinite(n)) {
          errors[field] = { key: 'intake.err.formNumber', params: { label: f.label } };
          continue;
        }
        values[f.key] = n;
        break;
      }
      case 'date':
        if (!isIsoDate(raw)) {
          errors[field] = { key: 'intake.err.formDate', params: { label: f.label } };
          continue;
        }
        values[f.key] = raw;
        break;
      case 'select':
        if (f.options && !f.options.includes(raw)) {
          errors[field] = { key: 'intake.err.formOption', params: { label: f.label } };
          continue;
        }
        values[f.key] = raw;
        break;
      default:
        values[f.key] = raw;
    }
  }
  return { errors, values };
}
