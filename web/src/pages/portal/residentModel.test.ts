import { describe, expect, it } from 'vitest';
import type { Bill } from '../../opsApi';
import { billsByPeriod, monthLabel, totalArrears } from './residentModel';

const bill = (id: string, accountMonth: string, amountFen: number, outstandingFen: number, feeName = '物业服务费'): Bill =>
  ({ id, projectId: 'p', accountId: 'u', unitId: 'u', unitNumber: '1-1201', feeName, category: 'property', kind: 'charge', periodKey: accountMonth, accountMonth, issuedOn: `${accountMonth}-01`, dueDate: `${accountMonth}-15`, amountFen, paidFen: amountFen - outstandingFen, writtenOffFen: 0, outstandingFen, status: outstandingFen ? 'open' : 'settled', description: null }) as Bill;

describe('resident app model', () => {
  it('sums arrears over homes exactly in fen', () => {
    expect(totalArrears([{ outstandingFen: 10_05, overdueFen: 5, creditFen: 0 }, { outstandingFen: 1, overdueFen: 0, creditFen: 300 }])).toEqual({ outstandingFen: 1006, overdueFen: 5, creditFen: 300 });
    expect(totalArrears([])).toEqual({ outstandingFen: 0, overdueFen: 0, creditFen: 0 });
  });

  it('groups bills by month, newest first, unpaid first within a month', () => {
    const g = billsByPeriod([bill('a', '2026-10', 100, 0), bill('b', '2026-11', 200, 0, '水费'), bill('c', '2026-11', 300, 300), bill('d', '2026-09', 50, 50)]);
    expect(g.map((x) => x.month)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(g[0].bills.map((b) => b.id)).toEqual(['c', 'b']);
    expect(g[0]).toMatchObject({ amountFen: 500, outstandingFen: 300 });
  });

  it('names months the Chinese way', () => {
    expect(monthLabel('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(monthLabel('2026-03', 'en')).toBe('2026-03');
  });
});
