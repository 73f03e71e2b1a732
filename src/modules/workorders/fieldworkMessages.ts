/** Server messages of the technician app's routes (fieldwork.ts), in the three locales. */
export const FIELDWORK_MESSAGES: Record<'zh-CN' | 'zh-TW' | 'en', Record<string, string>> = {
  'zh-CN': {
    'fieldwork.not_your_work': '只有正在处理该工单的师傅（或调度、客服）才能登记照片和材料',
    'fieldwork.key_reused': '该操作编号已用于其他工单或操作，请重新提交',
    'fieldwork.bad_signature': '客户签字图片无效，请让客户重新签字',
    'fieldwork.photo_type': '只能上传照片（JPEG、PNG、GIF 或 WebP）',
  },
  'zh-TW': {
    'fieldwork.not_your_work': '只有正在處理該工單的師傅（或調度、客服）才能登記照片和材料',
    'fieldwork.key_reused': '該操作編號已用於其他工單或操作，請重新提交',
    'fieldwork.bad_signature': '客戶簽名圖片無效，請讓客戶重新簽名',
    'fieldwork.photo_type': '只能上傳照片（JPEG、PNG、GIF 或 WebP）',
  },
  en: {
    'fieldwork.not_your_work': 'Only the technician working on this order (or the dispatch and desk staff) can add photos and materials',
    'fieldwork.key_reused': 'This action key was already used for another order or action; please submit again',
    'fieldwork.bad_signature': 'The customer signature image is not valid; please ask the customer to sign again',
    'fieldwork.photo_type': 'Only photos can be uploaded (JPEG, PNG, GIF or WebP)',
  },
};
