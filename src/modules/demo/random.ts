/** Deterministic pseudo-random numbers (mulberry32) so demo data is the same on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Poisson-distributed count (Knuth for small means, normal approximation for large). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建华建国志强海燕红梅晓东晓明春梅文博子涵浩然欣怡梓涵一诺宇轩雨桐思远佳怡俊杰嘉怡'.split('');
const GIVEN2 = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '华', '建华', '建国', '志强', '海燕', '红梅', '晓东', '晓明', '春梅', '文博', '子涵', '浩然', '欣怡', '梓涵', '一诺', '宇轩', '雨桐', '思远', '佳怡', '俊杰', '嘉怡', '国庆', '秀珍', '桂芳', '凤英', '玉珍', '德明', '永强', '丽华', '淑珍'];
void GIVEN;

export function chineseName(r: Rng): string {
  return r.pick(SURNAMES) + r.pick(GIVEN2);
}

const MOBILE_PREFIX = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '158', '159', '177', '180', '181', '185', '186', '187', '188', '189', '199'];
export function mobile(r: Rng): string {
  return r.pick(MOBILE_PREFIX) + String(r.int(0, 99_999_999)).padStart(8, '0');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A syntactically valid (checksummed) but fictitious resident ID number. */
export function idNumber(r: Rng): string {
  const region = r.pick(['310101', '310104', '310105', '310112', '320102', '330106', '440305', '110105']);
  const y = r.int(1950, 2000);
  const m = String(r.int(1, 12)).padStart(2, '0');
  const d = String(r.int(1, 28)).padStart(2, '0');
  const seq = String(r.int(0, 999)).padStart(3, '0');
  const body = `${region}${y}${m}${d}${seq}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}

const CO_WORDS = ['华信', '博远', '嘉禾', '中联', '盛世', '恒通', '云帆', '汇智', '宏达', '瑞丰', '新元', '东方', '金诚', '万嘉', '天成', '海纳', '启明', '锦程', '鼎盛', '安泰'];
const CO_TRADES = ['科技', '信息技术', '咨询', '贸易', '律师事务所', '会计师事务所', '文化传媒', '投资管理', '建筑设计', '网络科技'];
export function companyName(r: Rng, city = '上海'): string {
  const trade = r.pick(CO_TRADES);
  return trade.endsWith('所') ? `${city}${r.pick(CO_WORDS)}${trade}` : `${city}${r.pick(CO_WORDS)}${trade}有限公司`;
}

const SHOP_KINDS = ['餐饮', '服饰', '便利店', '咖啡', '母婴', '眼镜', '数码', '美容美发', '药房', '书店', '烘焙', '奶茶'];
export function shopName(r: Rng): string {
  return `${r.pick(CO_WORDS)}${r.pick(SHOP_KINDS)}`;
}
