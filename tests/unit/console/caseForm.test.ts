// The center labels the application form for the console by the item's form definition.
import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../src-shared/domain/catalog';
import { ConsoleFormField } from '../../../src-shared/protocol/console';
import { formDefinitionOf, formFieldsOf } from '../../../src-center/workflow/form';

const defs: FormField[] = [
  { key: 'activityName', label: '活动名称', type: 'text', required: true, maxLength: 100 },
  { key: 'venue', label: '活动场所', type: 'text', required: true },
  { key: 'audience', label: '观众人数', type: 'number', required: true },
  { key: 'kind', label: '活动类型', type: 'select', required: false, options: ['演出', '展览'] },
];

describe("the console's application form", () => {
  it("labels the answers and puts them in the item's order, whatever order the window sent", () => {
    const out = formFieldsOf(defs, { audience: 3000, kind: '演出', activityName: '迎新春文艺演出' });
    expect(out).toEqual([
      { key: 'activityName', label: '活动名称', type: 'text', value: '迎新春文艺演出' },
      { key: 'audience', label: '观众人数', type: 'number', value: 3000 },
      { key: 'kind', label: '活动类型', type: 'select', value: '演出' },
    ]);
    expect(out.every((f) => ConsoleFormField.safeParse(f).success)).toBe(true);
  });

  it('keeps a key the item no longer defines, after the defined ones, ordered by key and shown by it', () => {
    expect(formFieldsOf(defs, { retired: '旧字段', activityName: 'A', flag: true, empty: '' })).toEqual([
      { key: 'activityName', label: '活动名称', type: 'text', value: 'A' },
      { key: 'empty', label: null, type: null, value: '' },
      { key: 'flag', label: null, type: null, value: true },
      { key: 'retired', label: null, type: null, value: '旧字段' },
    ]);
  });

  it('leaves out what is not an answer, and an empty form is empty', () => {
    expect(formFieldsOf(defs, { audience: Number.NaN, venue: null, kind: { x: 1 }, activityName: ['a'] })).toEqual([]);
    expect(formFieldsOf(defs, undefined)).toEqual([]);
    expect(formFieldsOf([], { a: 1 })).toEqual([{ key: 'a', label: null, type: null, value: 1 }]);
  });

  it('reads the stored definition (jsonb or its text), skipping entries that do not parse', () => {
    expect(formDefinitionOf(defs)).toEqual(defs);
    expect(formDefinitionOf(JSON.stringify(defs.slice(0, 1)))).toEqual(defs.slice(0, 1));
    expect(formDefinitionOf([{ key: 'x' }, defs[2]])).toEqual([defs[2]]);
    expect(formDefinitionOf('not json')).toEqual([]);
    expect(formDefinitionOf(null)).toEqual([]);
  });
});
