/**
 * Code tables of GB/T 39046-2020 (government service item and case data) used across
 * the catalog and cases. Labels are the standard's Chinese names.
 */
import { z } from 'zod';

export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export const ItemType = z.enum(Object.keys(ITEM_TYPES) as [keyof typeof ITEM_TYPES, ...(keyof typeof ITEM_TYPES)[]]);
export type ItemType = z.infer<typeof ItemType>;

export const HANDLING_FORMS = { '1': '窗口办理', '2': '网上办理(PC端)', '3': '移动端办理', '4': '快递申请', '9': '其他' } as const;
export const HandlingForm = z.enum(['1', '2', '3', '4', '9']);
export type HandlingForm = z.infer<typeof HandlingForm>;

export const CASE_TYPES = { '1': '即办件', '2': '承诺件', '9': '其他' } as const;
export const CaseType = z.enum(['1', '2', '9']);
export type CaseType = z.infer<typeof CaseType>;

export const SPECIAL_PROCEDURES = { '1': '延长审批', '2': '其他' } as const;

/** Satisfaction: 1 = very satisfied … 5 = very dissatisfied (not star counts). */
export const SATISFACTION = { '1': '非常满意', '2': '满意', '3': '基本满意', '4': '不满意', '5': '非常不满意' } as const;
export const SATISFACTION_CODE_SYSTEM = 'GB/T 39046-2020';

/** 6-digit administrative division code (GB/T 2260). */
export const RegionCode = z.string().regex(/^\d{6}$/, '行政区划代码必须是6位数字 (GB/T 2260)');
export type RegionCode = z.infer<typeof RegionCode>;
