import { describe, expect, it } from 'vitest';
import type { Party } from '../../api';
import { currentUnits, guessCategory, guessTrade, phoneDigits, preselect } from './intake';

describe('guessCategory', () => {
  it('recognises the usual contacts of a residential service centre', () => {
    const cases: [string, boolean, string | null][] = [
      ['厨房水龙头一直滴水', true, 'unit_repair'],
      ['3号楼电梯有异响', true, 'public_repair'],
      ['楼道的灯坏了两天了', false, 'public_repair'],
      ['空调外机噪音很大', true, 'unit_repair'],
      ['请问物业费可以微信交吗', true, 'enquiry'],
      ['下周停水通知的时间', true, 'enquiry'],
      ['投诉保安态度差', true, 'complaint'],
      ['晚上广场舞太吵', true, 'complaint'],
      ['建议在小区增设充电桩', true, 'suggestion'],
      ['感谢孙师傅及时上门', true, 'praise'],
      ['', true, null],
      ['张先生来过', true, null],
    ];
    for (const [text, hasUnit, want] of cases) expect(guessCategory(text, hasUnit), text).toBe(want);
  });
  it('calls a fault with no place named an in-unit repair only when the caller has a unit', () => {
    expect(guessCategory('插座没电', true)).toBe('unit_repair');
    expect(guessCategory('插座没电', false)).toBe('public_repair');
  });
});

describe('guessTrade', () => {
  const all = ['水电', '门窗', '电梯', '公共照明', '空调', '土建', '管道'];
  it('maps the fault to the trade whose technicians fix it, specific words first', () => {
    expect(guessTrade('电梯门关不上', all)).toBe('电梯');
    expect(guessTrade('卫生间水管漏水', all)).toBe('水电');
    expect(guessTrade('雨水管堵塞', all)).toBe('管道');
    expect(guessTrade('外墙渗水', all)).toBe('土建');
    expect(guessTrade('入户门锁坏了', all)).toBe('门窗');
    expect(guessTrade('地下车库灯不亮', all)).toBe('公共照明');
    expect(guessTrade('物业费怎么交', all)).toBeNull();
  });
  it('only suggests categories that exist', () => {
    expect(guessTrade('电梯门关不上', ['水电'])).toBeNull();
  });
});

const party = (id: string, units: { unitId: string; moveOutDate?: string | null }[]): Party => ({
  id,
  kind: 'person',
  name: id,
  idNumberMasked: null,
  note: null,
  phones: [],
  units: units.map((u) => ({ relationId: `${id}-${u.unitId}`, unitId: u.unitId, unitNumber: u.unitId, projectId: 'p', projectName: 'P', buildingName: 'B', role: 'owner', moveInDate: null, moveOutDate: u.moveOutDate ?? null })),
});

describe('caller preselection', () => {
  it('chooses the unit when the caller lives in exactly one; moved-out units do not count', () => {
    const r = preselect([party('a', [{ unitId: 'u1' }, { unitId: 'u0', moveOutDate: '2020-01-01' }])]);
    expect(r).toMatchObject({ partyId: 'a', unit: { unitId: 'u1' } });
  });
  it('leaves the choice to the agent when there are several units or callers', () => {
    expect(preselect([party('a', [{ unitId: 'u1' }, { unitId: 'u2' }])]).unit).toBeNull();
    expect(preselect([party('a', [{ unitId: 'u1' }]), party('b', [{ unitId: 'u2' }])])).toEqual({ partyId: null, unit: null });
    // Two family members of one flat: the flat is clear, the caller is not.
    expect(preselect([party('a', [{ unitId: 'u1' }]), party('b', [{ unitId: 'u1' }])])).toMatchObject({ partyId: 'a', unit: { unitId: 'u1' } });
  });
  it('lists each current unit once', () => {
    expect(currentUnits([party('a', [{ unitId: 'u1' }]), party('b', [{ unitId: 'u1' }, { unitId: 'u2' }])]).map((u) => u.unitId)).toEqual(['u1', 'u2']);
  });
  it('reads only the digits of a typed number', () => {
    expect(phoneDigits('138 0013-8000')).toBe('13800138000');
    expect(phoneDigits('021-6888 1234 转 801')).toBe('02168881234801');
  });
});
