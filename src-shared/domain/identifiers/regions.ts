/**
 * Province-level codes of GB/T 2260 (the first two digits of a 6-digit administrative
 * division code). A full county table is not bundled: division codes change every year and
 * old ID numbers keep the codes of abolished counties, so "plausible" means: six digits whose
 * first two are a real province-level code.
 */

export const PROVINCES = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
} as const;
export type ProvinceCode = keyof typeof PROVINCES;

/** The 31 mainland provinces, where resident ID cards are issued. */
export const MAINLAND_PROVINCE_CODES: readonly ProvinceCode[] = (Object.keys(PROVINCES) as ProvinceCode[]).filter(
  (c) => c !== '71' && c !== '81' && c !== '82',
);

export function isProvinceCode(code: string): code is ProvinceCode {
  return Object.prototype.hasOwnProperty.call(PROVINCES, code);
}

export function isMainlandProvinceCode(code: string): boolean {
  return isProvinceCode(code) && MAINLAND_PROVINCE_CODES.includes(code);
}

/** Six digits whose first two are a mainland province code (GB/T 2260). */
export function isPlausibleMainlandRegion(code: string): boolean {
  return /^\d{6}$/.test(code) && isMainlandProvinceCode(code.slice(0, 2));
}

export function provinceName(regionCode: string): string | undefined {
  const p = regionCode.slice(0, 2);
  return isProvinceCode(p) ? PROVINCES[p] : undefined;
}
