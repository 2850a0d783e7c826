/**
 * Demo service windows and their clerks. Ids follow `w-<region>-<nn>` and
 * `c-<region>-<nn>-<k>`; the default demo window is w-130102-01 with clerk
 * c-130102-01-1. One clerk's name carries a CJK Extension B character (𠈌, U+2020C)
 * so that fonts, PDFs and certificates meet a rare character early. Addresses are
 * demo values.
 */
import type { ServiceWindow } from '../../../src-shared/domain/catalog';

export const DEFAULT_WINDOW_ID = 'w-130102-01';
export const DEFAULT_CLERK_ID = 'c-130102-01-1';

export const WINDOWS: readonly ServiceWindow[] = [
  {
    id: 'w-130102-01',
    name: '综合受理1号窗口',
    regionCode: '130102',
    centerName: '石家庄市长安区政务服务中心',
    address: '石家庄市长安区中山东路（演示地址）',
    clerks: [
      { id: 'c-130102-01-1', name: '张丽华' },
      { id: 'c-130102-01-2', name: '王𠈌' },
    ],
  },
  {
    id: 'w-130102-02',
    name: '综合受理2号窗口',
    regionCode: '130102',
    centerName: '石家庄市长安区政务服务中心',
    address: '石家庄市长安区中山东路（演示地址）',
    clerks: [
      { id: 'c-130102-02-1', name: '李建国' },
      { id: 'c-130102-02-2', name: '赵敏' },
    ],
  },
  {
    id: 'w-130104-01',
    name: '企业开办专区1号窗口',
    regionCode: '130104',
    centerName: '石家庄市桥西区政务服务中心',
    address: '石家庄市桥西区（演示地址）',
    clerks: [
      { id: 'c-130104-01-1', name: '刘晓燕' },
      { id: 'c-130104-01-2', name: '陈志强' },
    ],
  },
  {
    id: 'w-130123-01',
    name: '综合受理1号窗口',
    regionCode: '130123',
    centerName: '正定县政务服务中心',
    address: '石家庄市正定县（演示地址）',
    clerks: [
      { id: 'c-130123-01-1', name: '杨秀英' },
      { id: 'c-130123-01-2', name: '周海涛' },
    ],
  },
  {
    id: 'w-130602-01',
    name: '不动产登记综合窗口',
    regionCode: '130602',
    centerName: '保定市竞秀区政务服务中心',
    address: '保定市竞秀区（演示地址）',
    clerks: [
      { id: 'c-130602-01-1', name: '吴桂兰' },
      { id: 'c-130602-01-2', name: '郑宇航' },
    ],
  },
  {
    id: 'w-131082-01',
    name: '跨省通办窗口',
    regionCode: '131082',
    centerName: '三河市政务服务中心',
    address: '廊坊市三河市（演示地址）',
    clerks: [
      { id: 'c-131082-01-1', name: '孙丽娟' },
      { id: 'c-131082-01-2', name: '马俊杰' },
    ],
  },
  {
    id: 'w-130100-01',
    name: '综合受理1号窗口',
    regionCode: '130100',
    centerName: '石家庄市民中心',
    address: '石家庄市（演示地址）',
    clerks: [
      { id: 'c-130100-01-1', name: '胡静' },
      { id: 'c-130100-01-2', name: '高鹏' },
    ],
  },
  {
    id: 'w-130000-01',
    name: '省级综合受理窗口',
    regionCode: '130000',
    centerName: '河北省政务服务中心',
    address: '石家庄市（演示地址）',
    clerks: [
      { id: 'c-130000-01-1', name: '林雪梅' },
      { id: 'c-130000-01-2', name: '何振华' },
    ],
  },
];
