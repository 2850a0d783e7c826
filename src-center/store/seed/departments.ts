/**
 * Department kinds and how each is named in a given region. Hebei names its provincial
 * departments 厅 where cities and counties have 局; some services are organised
 * vertically (tax, tobacco, the ecology bureau's county branches), and districts carry
 * their city's name (石家庄市长安区市场监督管理局) because district names repeat across
 * cities (桥西区, 新华区, 桥东区 …).
 */
import type { Department, Region } from '../../../src-shared/domain/catalog';

export type Level = Region['level'];

export type DepartmentKind =
  | 'amr'
  | 'housing'
  | 'transport'
  | 'ecology'
  | 'health'
  | 'education'
  | 'civil'
  | 'hrss'
  | 'police'
  | 'land'
  | 'culture'
  | 'water'
  | 'agri'
  | 'emergency'
  | 'medical'
  | 'approval'
  | 'tax'
  | 'tobacco'
  | 'nmpa'
  | 'urban'
  | 'fund'
  | 'disabled';

/** The names a region gives itself in an organisation's name. */
export interface RegionNames {
  level: Level;
  /** 河北省 / 石家庄市 / 长安区 */
  own: string;
  /** The city the region belongs to (for counties), else undefined. */
  city?: string;
  /** A district (市辖区) rather than a county or county-level city. */
  district: boolean;
}

/** '石家庄市长安区' for districts, '正定县' or '辛集市' for counties, '石家庄市', '河北省'. */
export function localPrefix(r: RegionNames): string {
  return r.level === 'county' && r.district ? `${r.city}${r.own}` : r.own;
}

interface KindDef {
  /** Numeric code of the kind, used in item codes (3 digits). */
  no: string;
  /** Levels at which such a department exists. */
  levels: readonly Level[];
  name: (r: RegionNames) => string;
}

const simple = (province: string, local: string) => (r: RegionNames) =>
  r.level === 'province' ? `河北省${province}` : `${localPrefix(r)}${local}`;

export const DEPARTMENT_KINDS: Record<DepartmentKind, KindDef> = {
  amr: { no: '001', levels: ['province', 'city', 'county'], name: simple('市场监督管理局', '市场监督管理局') },
  housing: { no: '002', levels: ['province', 'city', 'county'], name: simple('住房和城乡建设厅', '住房和城乡建设局') },
  transport: { no: '003', levels: ['province', 'city', 'county'], name: simple('交通运输厅', '交通运输局') },
  ecology: {
    no: '004',
    levels: ['province', 'city', 'county'],
    // 省以下生态环境机构垂直管理: county bureaus are branches of the city bureau.
    name: (r) =>
      r.level === 'province' ? '河北省生态环境厅' : r.level === 'city' ? `${r.own}生态环境局` : `${r.city}生态环境局${r.own}分局`,
  },
  health: {
    no: '005',
    levels: ['province', 'city', 'county'],
    name: (r) => (r.level === 'county' ? `${localPrefix(r)}卫生健康局` : r.level === 'city' ? `${r.own}卫生健康委员会` : '河北省卫生健康委员会'),
  },
  education: { no: '006', levels: ['province', 'city', 'county'], name: simple('教育厅', '教育局') },
  civil: { no: '007', levels: ['province', 'city', 'county'], name: simple('民政厅', '民政局') },
  hrss: { no: '008', levels: ['province', 'city', 'county'], name: simple('人力资源和社会保障厅', '人力资源和社会保障局') },
  police: {
    no: '009',
    levels: ['province', 'city', 'county'],
    name: (r) =>
      r.level === 'province'
        ? '河北省公安厅'
        : r.level === 'city'
          ? `${r.own}公安局`
          : r.district
            ? `${r.city}公安局${r.own.endsWith('矿区') ? r.own : r.own.replace(/区$/, '')}分局`
            : `${r.own}公安局`,
  },
  land: { no: '010', levels: ['province', 'city', 'county'], name: simple('自然资源厅', '自然资源和规划局') },
  culture: { no: '011', levels: ['province', 'city', 'county'], name: simple('文化和旅游厅', '文化广电和旅游局') },
  water: { no: '012', levels: ['province', 'city', 'county'], name: simple('水利厅', '水利局') },
  agri: { no: '013', levels: ['province', 'city', 'county'], name: simple('农业农村厅', '农业农村局') },
  emergency: { no: '014', levels: ['province', 'city', 'county'], name: simple('应急管理厅', '应急管理局') },
  medical: { no: '015', levels: ['province', 'city', 'county'], name: simple('医疗保障局', '医疗保障局') },
  approval: { no: '016', levels: ['city', 'county'], name: (r) => `${localPrefix(r)}行政审批局` },
  tax: {
    no: '017',
    levels: ['province', 'city', 'county'],
    name: (r) => (r.level === 'province' ? '国家税务总局河北省税务局' : `国家税务总局${localPrefix(r)}税务局`),
  },
  tobacco: { no: '018', levels: ['province', 'city', 'county'], name: simple('烟草专卖局', '烟草专卖局') },
  nmpa: { no: '019', levels: ['province'], name: () => '河北省药品监督管理局' },
  urban: { no: '020', levels: ['city', 'county'], name: (r) => `${localPrefix(r)}城市管理综合行政执法局` },
  fund: { no: '021', levels: ['city'], name: (r) => `${r.own.replace(/市$/, '')}住房公积金管理中心` },
  disabled: { no: '022', levels: ['province', 'city', 'county'], name: simple('残疾人联合会', '残疾人联合会') },
};

export function departmentCode(regionCode: string, kind: DepartmentKind): string {
  return `${regionCode}-${kind}`;
}

export function departmentFor(regionCode: string, names: RegionNames, kind: DepartmentKind): Department {
  const def = DEPARTMENT_KINDS[kind];
  if (!def.levels.includes(names.level)) throw new Error(`seed: no ${kind} department at ${names.level} level (${regionCode})`);
  return { code: departmentCode(regionCode, kind), name: def.name(names), regionCode };
}
