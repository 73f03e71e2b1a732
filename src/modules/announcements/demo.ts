/**
 * Demo announcements: what a residential service centre posts in a normal fortnight (a water
 * shut-off, a fire drill, a winter tip, a festival event), one draft and one past notice, plus
 * how to pay. Times are relative to the seeding moment so the demo always has a live present.
 */
import type { AppContext } from '../../core/context';
import { newId, nowIso } from '../../db/ids';
import type { DemoRegistry } from '../demo/registry';
import { writeSetting } from '../workorders/slaSettings';
import type { AnnouncementTable } from './schema';

const DAY = 86_400_000;

export async function seedAnnouncementsDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const db = ctx.store.db;
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const ht = demo.projects.find((p) => p.code === 'HT')!;
  const author = demo.staff.get('supervisor') ?? demo.staff.get('admin')!;
  const ts = nowIso();
  const row = (a: Partial<AnnouncementTable> & Pick<AnnouncementTable, 'title' | 'body' | 'category'>): AnnouncementTable => ({
    id: newId(),
    org_id: demo.orgId,
    project_id: ht.id,
    format: 'text',
    pinned: 0,
    publish_from: null,
    publish_until: null,
    status: 'published',
    author_id: author,
    published_at: at(-1),
    withdrawn_at: null,
    version: 1,
    created_at: ts,
    updated_at: ts,
    ...a,
  });
  const rows: AnnouncementTable[] = [
    row({
      title: '停水通知：2 号楼、3 号楼二次供水水箱清洗',
      category: 'outage',
      pinned: 1,
      format: 'markdown',
      body: [
        '尊敬的业主：',
        '',
        '为保障饮用水卫生，服务中心将对 **2 号楼、3 号楼** 二次供水水箱进行年度清洗消毒。',
        '',
        '- 停水时间：本周六 09:00—15:00',
        '- 影响范围：2 号楼、3 号楼全部住户',
        '- 恢复供水后请先放水 1—2 分钟',
        '',
        '请提前做好储水准备。如有疑问，请致电服务中心 021-5017 4063。',
        '',
        '华庭小区物业服务中心',
      ].join('\n'),
      published_at: at(-2),
      publish_until: at(5),
    }),
    row({
      title: '冬季消防演练通知',
      category: 'event',
      body: '服务中心定于下周三 14:30 在中心花园组织消防疏散演练及灭火器使用培训，欢迎业主参加。演练期间消防警铃将短时鸣响，请勿惊慌。',
      published_at: at(-3),
      publish_until: at(10),
    }),
    row({
      title: '寒潮来临，请做好水管防冻',
      category: 'tip',
      project_id: null,
      body: '近期将有寒潮，最低气温可能降至 -3℃。请关好门窗，室外及阳台水管、水表请用保温材料包裹；长期外出的业主请关闭总水阀。',
      published_at: at(-4),
    }),
    row({
      title: '元旦游园活动报名',
      category: 'event',
      body: '元旦当天上午在会所举办亲子游园活动，设有猜灯谜、手工、抽奖等环节。请于本月 25 日前到服务中心前台或致电报名。',
      published_at: at(-1),
      publish_until: at(25),
    }),
    row({
      title: '电梯年度检验安排',
      category: 'notice',
      body: '特种设备检验机构将于下月对小区全部电梯进行年度检验，每部电梯停运约 2 小时，具体时间将提前一天在各楼栋大堂张贴。',
      status: 'draft',
      published_at: null,
    }),
    row({
      title: '11 月电费代缴已完成',
      category: 'notice',
      body: '11 月公共区域电费已完成代缴，明细已在服务中心公示栏公示。',
      published_at: at(-30),
      publish_until: at(-20),
    }),
  ];
  await db.insertInto('announcements').values(rows).execute();
  // No payment gateway: the resident app shows how to pay at the counter or by transfer.
  await writeSetting(db, demo.orgId, 'portal.payment_info', {
    counter: '华庭小区物业服务中心（1 号楼底商），每天 8:30—17:30，可用现金、银行卡、微信、支付宝缴费，当场开具收据。',
    bankTransfer: '户名：华庭物业服务有限公司\n开户行：中国工商银行上海浦东华庭支行\n账号：1001 2345 6789 0123 456\n转账附言请写明“楼栋-房号+月份”，如“1-1201 2026年12月物业费”，到账后服务中心核销并可补开收据。',
  });
  log(`announcements: ${rows.length}`);
}
