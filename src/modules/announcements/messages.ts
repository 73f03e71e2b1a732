import { addMessages } from '../../core/i18n';

addMessages({
  'zh-CN': {
    'what.announcement': '公告',
    'announcements.bad_window': '公告展示的结束时间须晚于开始时间',
    'announcements.expired': '公告的展示期已结束，发布后业主也看不到，请先修改结束时间',
    'announcements.cannot_publish': '该公告已发布，不能重复发布',
    'announcements.cannot_withdraw': '只有已发布的公告才能撤回',
    'announcements.not_editable': '已撤回的公告不能修改，请重新发布或新建',
    'announcements.all_projects': '只有全组织范围的账号才能发布面向全部项目的公告',
  },
  'zh-TW': {
    'what.announcement': '公告',
    'announcements.bad_window': '公告展示的結束時間須晚於開始時間',
    'announcements.expired': '公告的展示期已結束，發布後業主也看不到，請先修改結束時間',
    'announcements.cannot_publish': '該公告已發布，不能重複發布',
    'announcements.cannot_withdraw': '只有已發布的公告才能撤回',
    'announcements.not_editable': '已撤回的公告不能修改，請重新發布或新建',
    'announcements.all_projects': '只有全組織範圍的帳號才能發布面向全部項目的公告',
  },
  en: {
    'what.announcement': 'announcement',
    'announcements.bad_window': 'The announcement must end after it starts',
    'announcements.expired': 'The display period has already ended, so residents would not see it; change the end time first',
    'announcements.cannot_publish': 'The announcement is already published',
    'announcements.cannot_withdraw': 'Only a published announcement can be withdrawn',
    'announcements.not_editable': 'A withdrawn announcement cannot be edited; publish it again or write a new one',
    'announcements.all_projects': 'Only organisation-wide accounts may announce to every project',
  },
});
