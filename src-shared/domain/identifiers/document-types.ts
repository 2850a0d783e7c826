/**
 * Identity documents of applicants and agents, by their GA/T 2000.156 code (公安信息代码
 * 第156部分: 常用证件代码), each with its own validator.
 *
 *   111 居民身份证                     resident ID card (GB 11643-1999 number)
 *   154 居住证 — 港澳台居民居住证        residence permit for HK/Macao/Taiwan residents
 *   414 普通护照                       ordinary passport
 *   511 台湾居民来往大陆通行证           Mainland Travel Permit for Taiwan Residents
 *   516 港澳居民来往内地通行证           Mainland Travel Permit for HK and Macao Residents
 *   553 外国人永久居留身份证            foreigner's permanent residence ID card (2023 format)
 *
 * GA/T 2000.156-2016 predates the 2018 HK/Macao/Taiwan residence permit; the permit is
 * issued under the Interim Regulation on Residence Permits (居住证暂行条例), so it is filed
 * under the standard's code 154 (居住证), its numbers told apart by their 810000/820000/830000
 * prefixes. 553 is named 外国人永久居留证 in the 2016 standard; the card has been called
 * 外国人永久居留身份证 since 2017.
 */
import { z } from 'zod';
import type { IsoDate } from '../dates';
import { invalid, RULES, type ValidationResult } from './result';
import {
  validatePermanentResidenceId,
  validateResidencePermit,
  validateResidentId,
  type PermanentResidenceFacts,
  type ResidencePermitFacts,
  type ResidentIdFacts,
} from './resident-id';
import {
  validateHkMacaoTravelPermit,
  validatePassport,
  validateTaiwanTravelPermit,
  type MainlandTravelPermitFacts,
  type PassportFacts,
} from './travel-documents';

export const DOCUMENT_TYPES = {
  '111': '居民身份证',
  '154': '港澳台居民居住证',
  '414': '普通护照',
  '511': '台湾居民来往大陆通行证',
  '516': '港澳居民来往内地通行证',
  '553': '外国人永久居留身份证',
} as const;
export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_CODE_SYSTEM = 'GA/T 2000.156';

export const DocumentTypeCode = z.enum(Object.keys(DOCUMENT_TYPES) as [DocumentTypeCode, ...DocumentTypeCode[]], {
  message: '证件类型代码无效 (GA/T 2000.156 证件类型代码)',
});

export interface DocumentFactsByType {
  '111': ResidentIdFacts;
  '154': ResidencePermitFacts;
  '414': PassportFacts;
  '511': Record<string, never>;
  '516': MainlandTravelPermitFacts;
  '553': PermanentResidenceFacts;
}

/** Document types whose number encodes a birth date and sex (and so needs "today"). */
export const DOCUMENT_TYPES_WITH_BIRTH_DATE: readonly DocumentTypeCode[] = ['111', '154', '553'];

export interface DocumentOptions {
  today: IsoDate;
  field?: string;
}

export function validateDocumentNumber<T extends DocumentTypeCode>(
  type: T,
  input: string,
  opts: DocumentOptions,
): ValidationResult<string, DocumentFactsByType[T]>;
export function validateDocumentNumber(
  type: string,
  input: string,
  opts: DocumentOptions,
): ValidationResult<string, DocumentFactsByType[DocumentTypeCode]>;
export function validateDocumentNumber(
  type: string,
  input: string,
  opts: DocumentOptions,
): ValidationResult<string, DocumentFactsByType[DocumentTypeCode]> {
  switch (type) {
    case '111':
      return validateResidentId(input, opts);
    case '154':
      return validateResidencePermit(input, opts);
    case '414':
      return validatePassport(input, opts);
    case '511':
      return validateTaiwanTravelPermit(input, opts);
    case '516':
      return validateHkMacaoTravelPermit(input, opts);
    case '553':
      return validatePermanentResidenceId(input, opts);
    default:
      return invalid('docType', RULES.documentType, `不支持的证件类型代码 "${type}" (GA/T 2000.156 证件类型代码)`);
  }
}

/**
 * Zod schema for `{ docType, docNumber }` of a person, checked as of `today`; the parsed
 * value carries the normalised number. Issues are placed on `docType` / `docNumber`.
 */
export function identityDocumentSchema(today: IsoDate) {
  return z
    .object({ docType: DocumentTypeCode, docNumber: z.string() })
    .transform((v, ctx) => {
      const r = validateDocumentNumber(v.docType, v.docNumber, { today, field: 'docNumber' });
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', path: ['docNumber'], message: r.message, params: { rule: r.rule } });
        return z.NEVER;
      }
      return { docType: v.docType, docNumber: r.value };
    });
}
