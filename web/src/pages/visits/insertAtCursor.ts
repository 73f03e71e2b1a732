/**
 * Insert a phrase into a text at the cursor (replacing a selection), keeping a space between it
 * and the words around it and the result within the field's length. Pure.
 */
export function insertAtCursor(text: string, phrase: string, start: number | null, end: number | null, maxLength = Infinity): { text: string; caret: number } {
  // No cursor known (the field never had focus): append.
  const s = start ?? text.length;
  const e = Math.max(s, end ?? s);
  const before = text.slice(0, s);
  const after = text.slice(e);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  const room = maxLength - before.length - after.length - lead.length - trail.length;
  const inserted = room >= phrase.length ? phrase : phrase.slice(0, Math.max(0, room));
  const out = before + lead + inserted + trail + after;
  return { text: out, caret: before.length + lead.length + inserted.length };
}
