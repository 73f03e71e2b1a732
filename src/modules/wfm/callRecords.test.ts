import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  anonymousBankFormat, CALL_RECORD_PRESETS, CallRecordFormatError, compileTimePattern, createCallRecordParser,
  importCallRecords, splitDelimited, splitLines, type CallRecordFormat,
} from './callRecords';
import type { CallRecord } from './types';

const HEADER = 'vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver';
const row = (...f: (string | number)[]) => f.join('\t');

// Lines as they appear in the bank export (CRLF kept on purpose).
const SAMPLE = [
  HEADER,
  row('AA0101', 1, 0, 2, 'PS', '990101', '6:55:20', '6:55:26', 6, '6:55:26', '6:55:43', 17, 'AGENT', '6:55:43', '6:56:37', 54, 'MICHAL'), // 2 answered after queueing
  row('AA0101', 2, 0, 0, 'PS', '990101', '0:34:12', '0:34:23', 11, '0:00:00', '0:00:00', 0, 'HANG', '0:00:00', '0:00:00', 0, 'NO_SERVER'), // 3 hung up in the VRU
  row('AA0101', 3, 0, 2, 'NW', '990101', '0:00:31', '0:00:36', 5, '0:00:36', '0:03:09', 153, 'HANG', '0:00:00', '0:00:00', 0, 'NO_SERVER'), // 4 abandoned
  row('AA0101', 4, 0, 0, 'PS', '990101', '7:41:16', '7:41:26', 10, '0:00:00', '0:00:00', 0, 'AGENT', '7:41:25', '7:44:53', 208, 'BASCH'), // 5 answered, no queue
  row('AA0101', 5, 0, 1, 'PS', '990109', '23:59:23', '23:59:23', 0, '23:59:28', '0:00:03', 35, 'AGENT', '0:00:03', '0:00:55', 52, 'ANAT'), // 6 crosses midnight
  row('AA0101', 6, 0, 1, 'PS', '990109', '11:48:28', '11:48:30', 2, '11:48:30', '11:49:43', 73, 'PHANTOM', '11:48:28', '11:51:18', 170, 'NO_SERVER'), // 7 phantom
  row('AA0204', 7, 0, 0, 'AA', '990113', '4:12:26', '4:13:04', 38, '0:00:00', '0:00:00', 0, 'HANG', '0:00:00', '0:00:00', 0, 'NO_SERVER'), // 8 unknown type
  row('AA0101', 8, 0, 1, 'PS', '990113', '15:46:01', '15:45:24', -37, '15:45:24', '15:46:41', 77, 'HANG', '0:00:00', '0:00:00', 0, 'NO_SERVER'), // 9 clock runs backwards
  row('AA0101', 9, 0, 1, 'PS', '991332', '10:00:00', '10:00:05', 5, '0:00:00', '0:00:00', 0, 'AGENT', '10:00:05', '10:01:00', 55, 'DORIT'), // 10 bad date
  row('AA0101', 10, 0, 1, 'PS', '990113', '10:00:00'), // 11 truncated
  '', // 12 blank
  row('AA0101', 11, 0, 1, 'PS', '990113', '10:00:00', '10:00:05', 5, '0:00:00', '0:00:00', 0, 'TRANSFER', '10:00:05', '10:01:00', 55, 'DORIT'), // 13 unknown outcome
  row('AA0101', 12, 0, 1, 'PS', '990113', '10:00:00', '10:00:05', 5, '0:00:00', '0:00:00', 0, 'AGENT', '0:00:00', '0:00:00', 0, 'IDIT'), // 14 answered, no service
  row('AA0101', 13, 0, 1, 'PS', '990113', '25:00:00', '10:00:05', 5, '0:00:00', '0:00:00', 0, 'AGENT', '10:00:05', '10:01:00', 55, 'DORIT'), // 15 bad time
  row('AA0101', 14, 0, 1, 'PS', '990113', '10:00:00', '10:00:05', 5, '10:00:05', '10:00:09', 'x', 'HANG', '0:00:00', '0:00:00', 0, 'NO_SERVER'), // 16 bad number
].map((l) => `${l}\r`);

async function parseAll(lines: string[], format: CallRecordFormat) {
  const records: CallRecord[] = [];
  const report = await importCallRecords(lines, format, (r) => {
    records.push(r);
  });
  return { records, report };
}

describe('anonymous-bank preset', () => {
  it('normalizes calls, converting Asia/Jerusalem local time to UTC', async () => {
    const { records } = await parseAll(SAMPLE, anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' }));
    const byLine = new Map(records.map((r) => [r.line, r]));
    expect(byLine.get(2)).toEqual({
      line: 2, queue: 'PS', arrivalAt: '1999-01-01T04:55:20.000Z', queueEnterAt: '1999-01-01T04:55:26.000Z',
      queueExitAt: '1999-01-01T04:55:43.000Z', serviceStartAt: '1999-01-01T04:55:43.000Z', serviceEndAt: '1999-01-01T04:56:37.000Z',
      offered: true, answered: true, abandoned: false, waitSeconds: 17, talkSeconds: 54, agent: 'MICHAL', callId: 'AA0101:1',
    });
    expect(byLine.get(3)).toMatchObject({ offered: false, answered: false, abandoned: false, waitSeconds: 0 });
    expect(byLine.get(3)?.queueEnterAt).toBeUndefined();
    expect(byLine.get(4)).toMatchObject({ queue: 'NW', offered: true, abandoned: true, waitSeconds: 153, talkSeconds: 0 });
    expect(byLine.get(4)?.agent).toBeUndefined();
    expect(byLine.get(5)).toMatchObject({ answered: true, waitSeconds: 0, talkSeconds: 208, agent: 'BASCH' });
    // q_exit 0:00:03 belongs to the next day.
    expect(byLine.get(6)).toMatchObject({ arrivalAt: '1999-01-09T21:59:23.000Z', queueExitAt: '1999-01-09T22:00:03.000Z', serviceEndAt: '1999-01-09T22:00:55.000Z' });
  });

  it('defaults to Asia/Shanghai when no source zone is given', async () => {
    const { records } = await parseAll(SAMPLE.slice(0, 2), anonymousBankFormat());
    expect(records[0].arrivalAt).toBe('1998-12-31T22:55:20.000Z');
    expect(CALL_RECORD_PRESETS['anonymous-bank']({ sourceTimeZone: 'UTC' }).sourceTimeZone).toBe('UTC');
  });

  it('reports malformed rows with line numbers and reasons, and skips them', async () => {
    const { records, report } = await parseAll(SAMPLE, anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' }));
    expect(report.issues.map((i) => [i.line, i.reason])).toEqual([
      [8, 'unknown-queue'], [9, 'time-order'], [10, 'bad-date'], [11, 'missing-fields'],
      [13, 'unknown-outcome'], [14, 'answered-without-service'], [15, 'bad-time'], [16, 'bad-number'],
    ]);
    expect(report.malformed).toBe(8);
    expect(report.ignored).toBe(1);
    expect(report.ignoredByOutcome).toEqual({ PHANTOM: 1 });
    expect(report.blankLines).toBe(1);
    expect(report.linesRead).toBe(SAMPLE.length);
    expect(report.rowsRead).toBe(report.records + report.ignored + report.malformed);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(report).toMatchObject({ answered: 3, abandoned: 1, notOffered: 1, recordsByQueue: { PS: 4, NW: 1 } });
  });

  it('keeps counting beyond maxReportedErrors', async () => {
    const bad = row('AA0101', 1, 0, 1, 'PS', 'x', '10:00:00', '10:00:05', 5, '0:00:00', '0:00:00', 0, 'AGENT', '10:00:05', '10:01:00', 55, 'D');
    const fmt = { ...anonymousBankFormat(), maxReportedErrors: 3 };
    const { report } = await parseAll([HEADER, bad, bad, bad, bad, bad], fmt);
    expect(report.malformed).toBe(5);
    expect(report.issues).toHaveLength(3);
    expect(report.issuesTruncated).toBe(true);
  });

  it('rejects a file whose header lacks a mapped column', () => {
    const p = createCallRecordParser(anonymousBankFormat());
    expect(() => p.parseLine('a\tb\tc')).toThrow(CallRecordFormatError);
  });
});

describe('generic CSV mapping', () => {
  const fmt: CallRecordFormat = {
    columns: { queue: 'Skill', arrival: 'Start', serviceStart: 'Answered', serviceEnd: 'End', agent: 'Agent' },
    timeFormat: 'YYYY-MM-DD HH:mm:ss',
    sourceTimeZone: 'Asia/Shanghai',
  };

  it('maps columns by name, derives outcome and durations, honours quotes', async () => {
    const lines = [
      'start,skill,answered,end,agent,note',
      '2026-03-02 09:00:00,报修,2026-03-02 09:00:12,2026-03-02 09:03:12,"Wang, Li","said ""hi"""',
      '2026-03-02 09:01:00,咨询,,,,',
      '2026-03-02 09:02:00,报修,2026-03-02 09:02:05,2026-03-02 09:04:05,Zhao,"two',
      'lines"',
    ];
    const { records, report } = await parseAll(lines, fmt);
    expect(report.malformed).toBe(0);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ queue: '报修', arrivalAt: '2026-03-02T01:00:00.000Z', answered: true, waitSeconds: 12, talkSeconds: 180, agent: 'Wang, Li' });
    expect(records[1]).toMatchObject({ queue: '咨询', answered: false, abandoned: true, offered: true, waitSeconds: 0 });
    expect(records[2]).toMatchObject({ line: 4, agent: 'Zhao', talkSeconds: 120 });
  });

  it('reports a quote that never closes instead of swallowing the file', async () => {
    const lines = ['start,skill,answered,end,agent', '2026-03-02 09:00:00,"open,,,', ...Array.from({ length: 25 }, () => '2026-03-02 09:01:00,报修,,,')];
    const { records, report } = await parseAll(lines, fmt);
    expect(report.issues[0]).toMatchObject({ line: 2, reason: 'unterminated-quote' });
    expect(records.length).toBeGreaterThan(0);
    const tail = await parseAll(['start,skill,answered,end,agent', '2026-03-02 09:00:00,"open,,,'], fmt);
    expect(tail.report.malformedByReason).toEqual({ 'unterminated-quote': 1 });
  });

  it('accepts ISO with offsets and epoch seconds', async () => {
    const iso: CallRecordFormat = { columns: { arrival: 0, outcome: 1 }, hasHeader: false, timeFormat: 'iso', outcomes: { answered: ['ok'], abandoned: ['lost'] } };
    const { records } = await parseAll(['2026-03-02T09:00:00+08:00,ok', '2026-03-02T09:00:00,LOST', '2026-03-02T01:00:00Z,ok'], iso);
    expect(records.map((r) => r.arrivalAt)).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z']);
    expect(records[1].abandoned).toBe(true);
    const epoch: CallRecordFormat = { columns: { arrival: 0 }, hasHeader: false, timeFormat: 'epoch-s', delimiter: ';' };
    const e = await parseAll(['1772413200;x'], epoch);
    expect(e.records[0].arrivalAt).toBe('2026-03-02T01:00:00.000Z');
  });

  it('resolves daylight-saving local times (Asia/Jerusalem summer is UTC+3)', async () => {
    const fmt2: CallRecordFormat = { columns: { arrival: 0 }, hasHeader: false, timeFormat: 'YYYY-MM-DD HH:mm:ss', sourceTimeZone: 'Asia/Jerusalem' };
    const { records } = await parseAll(['1999-07-01 10:00:00', '1999-01-01 10:00:00'], fmt2);
    expect(records.map((r) => r.arrivalAt)).toEqual(['1999-07-01T07:00:00.000Z', '1999-01-01T08:00:00.000Z']);
  });
});

describe('helpers', () => {
  it('compileTimePattern validates calendar fields', () => {
    const p = compileTimePattern('YYMMDD');
    expect(p('990228')).toMatchObject({ y: 1999, mo: 2, d: 28 });
    expect(p('990229')).toBeNull();
    expect(p('000229')).toMatchObject({ y: 2000, mo: 2, d: 29 });
    expect(compileTimePattern('H:mm:ss')('7:05:09')).toMatchObject({ h: 7, mi: 5, s: 9 });
    expect(compileTimePattern('H:mm:ss')('7:60:09')).toBeNull();
    expect(compileTimePattern('DD/MM/YYYY HH:mm')('31/12/2026 23:59')).toMatchObject({ y: 2026, mo: 12, d: 31, h: 23, mi: 59 });
  });

  it('splitDelimited handles quotes and reports an open quote', () => {
    expect(splitDelimited('a,"b,c",d', ',')).toEqual(['a', 'b,c', 'd']);
    expect(splitDelimited('a,"b ""q""",', ',')).toEqual(['a', 'b "q"', '']);
    expect(splitDelimited('a,"open', ',')).toBeNull();
  });

  it('splitLines joins chunks, strips CR and decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('a,报修\r\nb,c\r\nlast');
    const chunks = [bytes.slice(0, 4), bytes.slice(4, 9), bytes.slice(9)];
    const out: string[] = [];
    for await (const l of splitLines(chunks)) out.push(l);
    expect(out).toEqual(['a,报修', 'b,c', 'last']);
  });
});

describe('robustness (property)', () => {
  it('arbitrary rows never throw, and every row is accounted for', () => {
    const cell = fc.oneof(fc.constantFrom('0:00:00', '10:00:00', '23:59:59', '990101', 'AGENT', 'HANG', 'PHANTOM', 'PS', '12', '-3', ''), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 19 }), { maxLength: 30 }), (rows) => {
        const p = createCallRecordParser(anonymousBankFormat());
        p.parseLine(HEADER);
        let emitted = 0;
        for (const r of rows) if (p.parseLine(r.join('\t'))) emitted++;
        const rep = p.finish();
        expect(rep.records).toBe(emitted);
        expect(rep.rowsRead).toBe(rep.records + rep.ignored + rep.malformed);
        expect(rep.rowsRead + rep.blankLines + 1).toBe(rep.linesRead);
      }),
      { numRuns: 200 },
    );
  });
});

const realFile = fileURLToPath(new URL('../../../../shared/data/anonymous-bank/1999-01.tsv', import.meta.url));
describe.skipIf(!existsSync(realFile))('real file 1999-01.tsv', () => {
  it('imports with every row accounted for; known bad rows are reported', async () => {
    const months = new Set<string>();
    const ids = new Set<string>();
    let prevLine = 0;
    let ordered = true;
    const report = await importCallRecords(splitLines(createReadStream(realFile)), anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' }), (r) => {
      ids.add(r.callId ?? '');
      if (r.line <= prevLine) ordered = false;
      prevLine = r.line;
      // Local (UTC+2) month of arrival.
      months.add(new Date(Date.parse(r.arrivalAt) + 2 * 3600_000).toISOString().slice(0, 7));
      if (r.answered && r.talkSeconds < 0) throw new Error('negative talk');
    });
    expect(report.rowsRead).toBe(31_599);
    expect(report.rowsRead).toBe(report.records + report.ignored + report.malformed);
    expect(ordered).toBe(true);
    expect([...months]).toEqual(['1999-01']);
    expect(report.ignoredByOutcome.PHANTOM).toBe(240);
    const lines = new Map(report.issues.map((i) => [i.line, i.reason]));
    expect(lines.get(21553)).toBe('unknown-queue'); // type "AA"
    expect(lines.get(29008)).toBe('unknown-queue');
    expect(lines.get(637)).toBe('time-order'); // vru_exit 37 s before vru_entry
    expect(report.malformed).toBeLessThan(report.rowsRead * 0.01);
    // call_id alone repeats across VRU lines; line + id identifies every call (dedupe key on re-import).
    expect(ids.size).toBe(report.records);
  });
});

describe('composite call id', () => {
  it('joins several columns; a header without one of them is a format error', async () => {
    const fmt: CallRecordFormat = { columns: { arrival: 'at', callId: ['line', 'id'] }, timeFormat: 'iso' };
    const { records } = await parseAll(['at,line,id', '2026-03-02T09:00:00,L1,7', '2026-03-02T09:00:01,L2,7', '2026-03-02T09:00:02,,'], fmt);
    expect(records.map((r) => r.callId)).toEqual(['L1:7', 'L2:7', undefined]);
    expect(() => createCallRecordParser({ ...fmt, columns: { arrival: 'at', callId: ['line', 'nope'] } }).parseLine('at,line,id')).toThrow(CallRecordFormatError);
  });
});
