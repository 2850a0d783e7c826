/**
 * The provincial catalog as the window sees it: one entry per implementation (实施清单)
 * of a national item (事项) in a region. Shared by the center (which serves it) and
 * the renderer (which caches it in Dexie and validates what it receives).
 */
import { z } from 'zod';
import { CaseType, HandlingForm, ItemType, RegionCode } from './codes';

const an = (max: number, what: string) =>
  z.string().regex(new RegExp(`^[0-9A-Za-z]{1,${max}}$`), `${what}必须是1到${max}位字母或数字 (an..${max})`);

export const ItemCode = an(10, '事项编码');
export const ImplementationCode = an(24, '实施编码');

export const Department = z.object({
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
  regionCode: RegionCode,
});
export type Department = z.infer<typeof Department>;

export const Material = z.object({
  /** Stable within the item; cases refer to materials by this id. */
  id: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  originals: z.number().int().min(0).max(20),
  copies: z.number().int().min(0).max(20),
  required: z.boolean(),
  /** A non-key material that may be missing under tolerated-gap acceptance (容缺受理). */
  tolerable: z.boolean(),
  description: z.string().max(1000).optional(),
  /** Electronic licence type that can satisfy this material (电子证照目录), if any. */
  licenceType: z.string().max(64).optional(),
});
export type Material = z.infer<typeof Material>;

export const FormField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().min(1).max(100),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select']),
  required: z.boolean(),
  maxLength: z.number().int().positive().max(5000).optional(),
  options: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type FormField = z.infer<typeof FormField>;

export const Fee = z.object({
  charged: z.boolean(),
  /** e.g. "不收费" or "工本费 10 元/证" */
  description: z.string().max(500),
  basis: z.string().max(500).optional(),
});

export const CatalogItem = z
  .object({
    implementationCode: ImplementationCode,
    itemCode: ItemCode,
    name: z.string().min(1).max(200),
    itemType: ItemType,
    /** The implementing jurisdiction. */
    regionCode: RegionCode,
    regionName: z.string().min(1).max(100),
    /** The authority that accepts and decides. */
    department: Department,
    /** Departments that review; more than one means joint approval (联合审批). */
    reviewDepartments: z.array(Department).min(1).max(4),
    statutoryDays: z.number().int().min(0).max(365),
    promisedDays: z.number().int().min(0).max(365),
    caseType: CaseType,
    handlingForms: z.array(HandlingForm).min(1),
    applicantKinds: z.array(z.enum(['person', 'organisation'])).min(1),
    fee: Fee,
    conditions: z.string().max(4000),
    legalBasis: z.string().max(4000),
    materials: z.array(Material).max(60),
    formFields: z.array(FormField).max(60),
    /** Whether another region's window may accept it as proxy (跨地域通办). */
    crossRegion: z.boolean(),
    updatedAt: z.string(),
  })
  .superRefine((it, ctx) => {
    if (it.promisedDays > it.statutoryDays)
      ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: '承诺时限不得超过法定时限' });
    if (it.caseType === '1' && it.promisedDays !== 0)
      ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: '即办件承诺时限必须为0' });
    const ids = new Set<string>();
    for (const [i, m] of it.materials.entries()) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'id'], message: '材料编号重复' });
      ids.add(m.id);
    }
  });
export type CatalogItem = z.infer<typeof CatalogItem>;

export const Region = z.object({
  code: RegionCode,
  name: z.string().min(1).max(100),
  parentCode: RegionCode.nullable(),
  level: z.enum(['province', 'city', 'county']),
});
export type Region = z.infer<typeof Region>;

export const ServiceWindow = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  regionCode: RegionCode,
  centerName: z.string().min(1).max(100),
  address: z.string().max(200).optional(),
  clerks: z.array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(50) })),
});
export type ServiceWindow = z.infer<typeof ServiceWindow>;
