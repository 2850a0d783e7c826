import { describe, expect, it } from 'vitest';
import {
  initialsOf,
  matchInitials,
  MatchKind,
  normalize,
  readingCombinations,
  searchCatalog,
  toCached,
} from '../../../src-renderer/db/catalogSearch';
import { ITEMS, makeItem } from './fixtures';

const rows = ITEMS.map(toCached);
const names = (q: string) => searchCatalog(rows, q).map((h) => h.item.name);

describe('pinyin initials', () => {
  it('gives one initial per Chinese character in the contextual reading', () => {
    expect(initialsOf('食品经营许可').primary).toBe('spjyxk');
    expect(initialsOf('建设工程规划许可证核发').primary).toBe('jsgcghxkzhf');
  });

  it('reads polyphonic characters by context: 重新 chóng, 重大 zhòng, 银行 háng, 行政 xíng, 会计 kuài', () => {
    expect(initialsOf('重新申领').primary).toBe('cxsl');
    expect(initialsOf('重大动物疫情').primary).toBe('zddwyq');
    expect(initialsOf('银行账户').primary).toBe('yhzh');
    expect(initialsOf('行政复议').primary).toBe('xzfy');
    expect(initialsOf('会计').primary).toBe('kj');
  });

  it('keeps every reading of a polyphonic character', () => {
    const { perChar } = initialsOf('重行长');
    expect(perChar).toHaveLength(3);
    expect([...perChar[0]!].sort()).toEqual(['c', 'z']);
    expect([...perChar[1]!].sort()).toEqual(['h', 'x']);
    expect([...perChar[2]!].sort()).toEqual(['c', 'z']);
  });

  it('keeps ASCII letters and digits, skips punctuation, spaces and full-width brackets', () => {
    expect(initialsOf('第二类医疗器械（含IVD）备案').primary).toBe('delylqxhivdba');
    expect(initialsOf('A级 旅游景区').primary).toBe('ajlyjq');
  });

  it('matches initials only on consecutive characters, letter for letter', () => {
    const { perChar } = initialsOf('食品经营许可');
    expect(matchInitials(perChar, 'spjy')).toBe(0);
    expect(matchInitials(perChar, 'jyxk')).toBe(2);
    expect(matchInitials(perChar, 'spxk')).toBe(-1); // skips 经营: not a match
    expect(matchInitials(perChar, 'spjyxkz')).toBe(-1); // longer than the name
    expect(matchInitials(perChar, '')).toBe(-1);
  });

  it('lists every reading combination within the cap, the contextual one first', () => {
    const { perChar, primary } = initialsOf('重庆');
    const combos = readingCombinations(perChar, primary);
    expect(combos[0]).toBe('cq');
    expect([...combos].sort()).toEqual(['cq', 'zq']);
  });

  it('falls back to single substitutions when combinations exceed the cap', () => {
    const perChar = ['ab', 'cd', 'ef', 'gh'];
    const combos = readingCombinations(perChar, 'aceg', 4);
    expect(combos).toContain('aceg');
    expect(combos).toContain('bceg');
    expect(combos).toContain('acfg');
    expect(combos).not.toContain('bdfh'); // two substitutions: beyond the cap
  });
});

describe('searchCatalog', () => {
  it('finds 食品经营许可 by its initials "spjy"', () => {
    expect(names('spjy')).toEqual(['食品经营许可']);
  });

  it('finds items by initials in the middle of the name', () => {
    expect(names('cxsl')).toEqual(['居民身份证重新申领']);
    expect(names('wjxk')).toEqual(['石家庄市长安区城市道路挖掘许可']);
  });

  it('finds polyphonic names under every reading: 长安区 as caq (cháng) and zaq', () => {
    // pinyin-pro reads 市长安区 as shì zhǎng; the district is Cháng'ān, so both must work.
    expect(names('sjzscaq')).toEqual(['石家庄市长安区城市道路挖掘许可']);
    expect(names('sjzszaq')).toEqual(['石家庄市长安区城市道路挖掘许可']);
    expect(names('caqcs')).toEqual(['石家庄市长安区城市道路挖掘许可']);
  });

  it('finds 重 under chóng and zhòng, 行 under háng and xíng', () => {
    expect(names('zdxw')).toEqual([]); // not in any name
    expect(names('zddw')).toEqual(['重大动物疫情报告']);
    expect(names('cddw')).toEqual(['重大动物疫情报告']);
    expect(names('yhzh')).toEqual(['银行账户开户许可']);
    expect(names('xzfy')).toEqual(['行政复议申请']);
    expect(names('hyxh')).toEqual(['行业协会商会登记']);
    expect(names('xyxh')).toEqual(['行业协会商会登记']);
  });

  it('ranks a contextual-reading match before a match under another reading', () => {
    const a = makeItem({ implementationCode: 'X1', name: '行业协会商会登记' }); // háng yè xié huì: hyxh
    const c = makeItem({ implementationCode: 'X3', name: '星夜相会登记' }); // xīng yè xiāng huì: xyxh
    const hits2 = searchCatalog([a, c].map(toCached), 'xyxh');
    expect(hits2.map((h) => h.item.implementationCode)).toEqual(['X3', 'X1']);
    expect(hits2[1]!.kind).toBe(MatchKind.InitialsOtherReading);
  });

  it('finds by implementation code and item code prefix, case-insensitive', () => {
    expect(names('11130102SCJG')).toEqual(['食品经营许可']);
    expect(names('scjg0001')).toEqual(['食品经营许可']);
    expect(names('GAJ')).toEqual(['居民身份证重新申领']);
    expect(names('11130102')).toHaveLength(ITEMS.length);
  });

  it('ranks an exact code before a code prefix', () => {
    const a = makeItem({ implementationCode: 'AB12', itemCode: 'AB12', name: '甲' });
    const b = makeItem({ implementationCode: 'AB1', itemCode: 'AB1', name: '乙' });
    expect(searchCatalog([a, b].map(toCached), 'ab1').map((h) => h.item.name)).toEqual(['乙', '甲']);
  });

  it('finds by name substring, full-width input normalised', () => {
    expect(names('身份证')).toEqual(['居民身份证重新申领']);
    expect(names('许可').sort()).toEqual(
      ['会计师事务所执业许可', '石家庄市长安区城市道路挖掘许可', '食品经营许可', '银行账户开户许可'].sort(),
    );
    expect(names('ＳＰＪＹ')).toEqual(['食品经营许可']);
  });

  it('puts a name that starts with the query before one that contains it', () => {
    const a = makeItem({ implementationCode: 'Y1', name: '办理食品经营许可' });
    const b = makeItem({ implementationCode: 'Y2', name: '食品经营许可变更' });
    expect(searchCatalog([a, b].map(toCached), '食品').map((h) => h.item.implementationCode)).toEqual(['Y2', 'Y1']);
  });

  it('finds by department name, ranked after name matches', () => {
    expect(names('民政局')).toEqual(['行业协会商会登记']);
    expect(names('司法')).toEqual(['行政复议申请']);
    const a = makeItem({ implementationCode: 'D1', name: '财政票据领购', department: { name: '长安区财政局' } });
    const b = makeItem({ implementationCode: 'D2', name: '会计师事务所执业许可', department: { name: '石家庄市财政局' } });
    const hits = searchCatalog([b, a].map(toCached), '财政');
    expect(hits.map((h) => h.item.implementationCode)).toEqual(['D1', 'D2']);
    expect(hits[1]!.kind).toBe(MatchKind.Department);
  });

  it('does not match department names by pinyin (they share the city prefix)', () => {
    expect(names('sjzs')).toEqual(['石家庄市长安区城市道路挖掘许可']); // by its own name only
  });

  it('requires every space-separated term to match', () => {
    expect(names('许可 财政')).toEqual(['会计师事务所执业许可']);
    expect(names('spjy 财政')).toEqual([]);
  });

  it('returns everything for an empty query, nothing for a query that matches nothing', () => {
    expect(names('  ')).toHaveLength(ITEMS.length);
    expect(names('不存在的事项')).toEqual([]);
    expect(names('qqqq')).toEqual([]);
  });

  it('normalises queries', () => {
    expect(normalize('  ＡＢＣ１２ ')).toBe('abc12');
  });
});
