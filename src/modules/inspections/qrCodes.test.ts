import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkpointLink, escapeXml, fitLine, labelSvg, paginateLabels, publicOrigin, qrPng, qrSvg, sheetHtml } from './qrCodes';
import { dayOrder, localDayBounds, missedCheckpointCount, pointStates, taskPhase } from './qrToday';

const decode = (buf: Buffer): string | undefined => {
  const png = PNG.sync.read(buf);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};

describe('checkpoint QR codes', () => {
  it('builds the link from the configured address, else from the request, and refuses odd Host headers', () => {
    expect(publicOrigin('https://wy.example.cn/', 'http', 'evil.test')).toBe('https://wy.example.cn');
    expect(publicOrigin(undefined, 'https', 'patrol.example.com:8443')).toBe('https://patrol.example.com:8443');
    expect(publicOrigin(undefined, 'http', '[::1]:3000')).toBe('http://[::1]:3000');
    expect(publicOrigin(undefined, 'http', 'a.com/<script>')).toBe('http://localhost');
    expect(publicOrigin('not a url', 'http', 'h.test')).toBe('http://h.test');
    expect(checkpointLink('https://wy.example.cn', 'Ab_c-12345')).toBe('https://wy.example.cn/m/checkpoint/Ab_c-12345');
  });

  it('a PNG decodes back to the link, at small and large sizes', async () => {
    const link = 'https://wy.example.cn/m/checkpoint/ZXhhbXBsZS10b2tlbi0x';
    for (const size of [160, 480, 1000]) {
      const png = await qrPng(link, size);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(PNG.sync.read(png).width).toBe(size);
      expect(decode(png)).toBe(link);
    }
  });

  it('an SVG and a label carry the QR and escaped text', async () => {
    expect(await qrSvg('x')).toMatch(/^<svg[^>]*viewBox/);
    const svg = await labelSvg('http://h/m/checkpoint/t', { token: 't', code: 'CP<1>', name: '大堂 & 门厅', location: null, project: '阳光花园' });
    expect(svg).toContain('CP&lt;1&gt;');
    expect(svg).toContain('大堂 &amp; 门厅');
    expect(svg).not.toContain('<?xml');
    // The nested QR is placed and sized inside the label.
    expect(svg).toMatch(/<svg x="12" y="30" width="180" height="180"/);
  });

  it('cuts long lines counting CJK as double width', () => {
    expect(fitLine('ABCDEFGH', 8)).toBe('ABCDEFGH');
    expect(fitLine('地下车库B2层东侧消防通道', 8)).toBe('地下车库…');
    expect(escapeXml(`"'`)).toBe('&quot;&#39;');
  });

  it('sheets hold eight labels a page', async () => {
    expect(paginateLabels([...Array(17).keys()]).map((p) => p.length)).toEqual([8, 8, 1]);
    expect(paginateLabels([])).toEqual([]);
    const labels = [...Array(9).keys()].map((i) => ({ link: `http://h/m/checkpoint/t${i}`, label: { token: `t${i}`, code: `CP${i}`, name: `点${i}`, location: i ? '大堂' : null, project: '阳光<花园>' } }));
    const html = await sheetHtml(labels, '标题');
    expect(html.match(/class="page"/g)).toHaveLength(2);
    expect(html.match(/class="label"/g)).toHaveLength(9);
    expect(html.match(/class="loc"/g)).toHaveLength(8);
    expect(html).toContain('阳光&lt;花园&gt;');
    expect(html).toContain('size: A4');
  });
});

describe('route of the day', () => {
  const base = { plannedStart: '2026-12-07T00:00:00.000Z', missedAfter: '2026-12-07T01:30:00.000Z' };
  it('tells the phase of a round from its status and the clock', () => {
    expect(taskPhase({ ...base, status: 'pending' }, '2026-12-06T22:59:00.000Z')).toBe('upcoming');
    expect(taskPhase({ ...base, status: 'pending' }, '2026-12-06T23:00:00.000Z')).toBe('open');
    expect(taskPhase({ ...base, status: 'in_progress' }, '2026-12-07T01:00:00.000Z')).toBe('in_progress');
    // Before the sweep has marked it, a round past its grace period is already missed.
    expect(taskPhase({ ...base, status: 'in_progress' }, '2026-12-07T01:31:00.000Z')).toBe('missed');
    expect(taskPhase({ ...base, status: 'missed' }, '2026-12-07T00:10:00.000Z')).toBe('missed');
    expect(taskPhase({ ...base, status: 'completed' }, '2026-12-08T00:00:00.000Z')).toBe('completed');
  });

  it('counts missed checkpoints only once a round is over', () => {
    const t = { ...base, status: 'in_progress', checkpointCount: 5, checkedCount: 2 };
    expect(missedCheckpointCount(t, '2026-12-07T01:00:00.000Z')).toBe(0);
    expect(missedCheckpointCount(t, '2026-12-07T02:00:00.000Z')).toBe(3);
    expect(missedCheckpointCount({ ...t, status: 'completed' }, '2026-12-07T01:00:00.000Z')).toBe(3);
    expect(missedCheckpointCount({ ...t, status: 'completed', checkedCount: 5 }, '2026-12-07T01:00:00.000Z')).toBe(0);
  });

  it('lists the points in route order with visited, abnormal and missed', () => {
    const pts = [
      { seq: 2, id: 'b', code: 'B', name: 'b', location: null },
      { seq: 1, id: 'a', code: 'A', name: 'a', location: null },
      { seq: 3, id: 'c', code: 'C', name: 'c', location: null },
    ];
    const res = [
      { checkpointId: 'a', outcome: 'normal' },
      { checkpointId: 'b', outcome: 'normal' },
      { checkpointId: 'b', outcome: 'abnormal' },
    ];
    const running = pointStates(pts, res, 'in_progress');
    expect(running.map((p) => [p.code, p.visited, p.outcome, p.missed])).toEqual([
      ['A', true, 'normal', false],
      ['B', true, 'abnormal', false],
      ['C', false, null, false],
    ]);
    expect(pointStates(pts, res, 'missed').map((p) => p.missed)).toEqual([false, false, true]);
  });

  it('puts what needs doing now first', () => {
    const t = (phase: any, plannedStart: string) => ({ phase, plannedStart });
    expect(dayOrder([t('completed', '1'), t('upcoming', '3'), t('open', '2'), t('missed', '0'), t('in_progress', '4'), t('upcoming', '2')]).map((x) => `${x.phase}${x.plannedStart}`)).toEqual([
      'in_progress4',
      'open2',
      'upcoming2',
      'upcoming3',
      'missed0',
      'completed1',
    ]);
  });

  it('bounds a Shanghai day in UTC', () => {
    expect(localDayBounds('2026-12-07')).toEqual({ start: '2026-12-06T16:00:00.000Z', end: '2026-12-07T16:00:00.000Z' });
  });
});
