import { describe, expect, it } from 'vitest';
import { insertAtCursor } from './insertAtCursor';

describe('inserting a phrase at the cursor', () => {
  it('goes where the cursor is, with spaces to the words around it, the caret after it', () => {
    expect(insertAtCursor('业主表示满意。', '感谢您的支持！', 7, 7)).toEqual({ text: '业主表示满意。 感谢您的支持！', caret: 15 });
    expect(insertAtCursor('开头结尾', '【话术】', 2, 2)).toEqual({ text: '开头 【话术】 结尾', caret: 7 });
    expect(insertAtCursor('', '您好', 0, 0)).toEqual({ text: '您好', caret: 2 });
  });
  it('replaces a selection, appends without a cursor, and stays within the length', () => {
    expect(insertAtCursor('请 XXX 稍等', '您', 2, 5).text).toBe('请 您 稍等');
    expect(insertAtCursor('已回访', '满意', null, null).text).toBe('已回访 满意');
    expect(insertAtCursor('12345', 'abcdef', 5, 5, 9)).toEqual({ text: '12345 abc', caret: 9 });
  });
});
