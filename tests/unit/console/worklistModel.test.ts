// The worklist's filters in the address, deadline wording and colours, and its keys.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../../../src-console/app/i18n/translate';
import {
  PAGE_SIZE,
  SEARCH_PAUSE_MS,
  SearchDebounce,
  WARNING_COLORS,
  activeRowIndex,
  daysLeftLabel,
  isJoint,
  moveIndex,
  paramsFromSearch,
  queryFor,
  searchFromParams,
  shownWarning,
  worklistKey,
} from '../../../src-console/features/worklist/worklistModel';
import { entry } from './fixtures';

const zh = translator('zh-CN');
const en = translator('en');

const key = (k: string, target: unknown = { tagName: 'BODY' }, mods: Partial<KeyboardEvent> = {}) =>
  ({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, target, ...mods }) as unknown as KeyboardEvent;
const input = { tagName: 'INPUT', type: 'text' };
const button = { tagName: 'BUTTON', getAttribute: () => null };
const radio = { tagName: 'LABEL', getAttribute: (n: string) => (n === 'role' ? 'radio' : null) };

describe('worklist filters in the address', () => {
  it('reads status, search and page, falling back to the open list', () => {
    expect(paramsFromSearch(new URLSearchParams(''))).toEqual({ status: 'open', q: '', page: 1 });
    expect(paramsFromSearch(new URLSearchParams('status=done&q=李四&page=3'))).toEqual({ status: 'done', q: '李四', page: 3 });
    expect(paramsFromSearch(new URLSearchParams('status=deleted&page=-2'))).toEqual({ status: 'open', q: '', page: 1 });
  });

  it('writes only what differs from the defaults, and pages by offset', () => {
    expect(searchFromParams({ status: 'open', q: '  ', page: 1 })).toEqual({});
    expect(searchFromParams({ status: 'all', q: ' 130102 ', page: 2 })).toEqual({ status: 'all', q: '130102', page: '2' });
    expect(queryFor({ status: 'done', q: ' 张 ', page: 3 })).toEqual({ status: 'done', q: '张', limit: PAGE_SIZE, offset: 2 * PAGE_SIZE });
    expect(queryFor({ status: 'open', q: '', page: 1 })).toEqual({ status: 'open', limit: PAGE_SIZE, offset: 0 });
  });
});

describe('deadlines', () => {
  it('words the working days left in both languages', () => {
    expect(daysLeftLabel(zh, 3)).toBe('剩 3 个工作日');
    expect(daysLeftLabel(zh, 0)).toBe('今日到期');
    expect(daysLeftLabel(zh, -2)).toBe('超期 2 个工作日');
    expect(daysLeftLabel(zh, null)).toBe('期限待定');
    expect(daysLeftLabel(en, -1)).toBe('1 working days overdue');
  });

  it('colours open steps by the center\'s warning and decided ones not at all', () => {
    expect(shownWarning(entry({ warning: 'red' }))).toBe('red');
    expect(shownWarning(entry({ warning: 'yellow', stepStatus: 'paused' }))).toBe('yellow');
    expect(shownWarning(entry({ warning: 'red', stepStatus: 'approved' }))).toBe('none');
    expect(shownWarning(entry({ warning: 'red', stepStatus: 'closed' }))).toBe('none');
    expect(new Set(Object.values(WARNING_COLORS).map((c) => c.fg)).size).toBe(3);
  });

  it('marks joint approval when more than one department reviews', () => {
    expect(isJoint(entry({ departments: 1 }))).toBe(false);
    expect(isJoint(entry({ departments: 3 }))).toBe(true);
  });
});

describe('worklist keyboard', () => {
  it('moves within the list and starts at an end', () => {
    expect(moveIndex(-1, 1, 5)).toBe(0);
    expect(moveIndex(-1, -1, 5)).toBe(4);
    expect(moveIndex(4, 1, 5)).toBe(4);
    expect(moveIndex(0, -1, 5)).toBe(0);
    expect(moveIndex(2, 1, 5)).toBe(3);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });

  it('"/" focuses the search unless typing; arrows and Enter work from the page and the search box', () => {
    expect(worklistKey(key('/'), false)).toBe('focus-search');
    expect(worklistKey(key('/', input), false)).toBeNull();
    expect(worklistKey(key('ArrowDown'), false)).toBe('down');
    expect(worklistKey(key('ArrowUp', input), true)).toBe('up');
    expect(worklistKey(key('Enter', input), true)).toBe('open');
    expect(worklistKey(key('Enter'), false)).toBe('open');
  });

  it('leaves keys alone in other fields, on buttons and radios, and with modifiers', () => {
    expect(worklistKey(key('ArrowDown', input), false)).toBeNull();
    expect(worklistKey(key('Enter', button), false)).toBeNull();
    expect(worklistKey(key('ArrowDown', radio), false)).toBeNull();
    expect(worklistKey(key('ArrowDown', undefined, { altKey: true }), false)).toBeNull();
    expect(worklistKey(key('Enter', undefined, { shiftKey: true }), false)).toBeNull();
  });
});

describe('search as the reviewer types, where opening a case wins', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('searches once the reviewer pauses, the last text only', () => {
    const commit = vi.fn();
    const d = new SearchDebounce();
    d.schedule('张', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS - 1);
    d.schedule('张三', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS - 1);
    expect(commit).not.toHaveBeenCalled();
    expect(d.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(commit).toHaveBeenCalledExactlyOnceWith('张三');
    expect(d.pending).toBe(false);
  });

  it('a row opened just before the pause ends is not undone by the search firing after it', () => {
    const commit = vi.fn();
    const d = new SearchDebounce();
    d.schedule('130102', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS - 10);
    d.leave(); // the row click / Enter, before it navigates
    vi.advanceTimersByTime(SEARCH_PAUSE_MS * 3);
    // Nor may a key typed or pressed before the list is gone search again.
    d.schedule('1301023', commit);
    d.now('1301023', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS * 3);
    expect(commit).not.toHaveBeenCalled();
    // Back on the list (the address changed while it stayed): searching works again.
    d.resume();
    d.schedule('李', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    expect(commit).toHaveBeenCalledExactlyOnceWith('李');
  });

  it('Enter or ↓ in the box searches at once, and the pending search does not run a second time', () => {
    const commit = vi.fn();
    const d = new SearchDebounce();
    d.schedule('李', commit);
    d.now('李四', commit);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS * 2);
    expect(commit).toHaveBeenCalledExactlyOnceWith('李四');
    d.schedule('王', commit);
    d.cancel();
    vi.advanceTimersByTime(SEARCH_PAUSE_MS * 2);
    expect(commit).toHaveBeenCalledOnce();
  });

  it('highlights a row only of the answer to the current query, never of the previous one still shown', () => {
    const now = '{"q":"张"}';
    const before = '{"q":""}';
    expect(activeRowIndex({ key: now, index: 0 }, now, now, 3)).toBe(0);
    expect(activeRowIndex({ key: now, index: 0 }, now, before, 3)).toBe(-1);
    expect(activeRowIndex({ key: now, index: 0 }, now, undefined, 0)).toBe(-1);
    expect(activeRowIndex({ key: before, index: 1 }, now, now, 3)).toBe(-1);
    expect(activeRowIndex({ key: now, index: 3 }, now, now, 3)).toBe(-1);
    expect(activeRowIndex({ key: '', index: -1 }, now, now, 3)).toBe(-1);
  });
});
