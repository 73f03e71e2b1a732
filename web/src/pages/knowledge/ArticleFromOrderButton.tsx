import { useState } from 'react';
import { App, Button } from 'antd';
import { BookOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { knowledgeApi } from './api';

/** 生成知识文章: a draft pre-filled from a resolved order (question, resolution, category), opened for editing. */
export function ArticleFromOrderButton({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!hasPermission(user, 'knowledge.write')) return null;
  const make = async () => {
    setBusy(true);
    try {
      const { article } = await knowledgeApi.fromOrder(orderId);
      navigate(`/knowledge/articles/${article.id}/edit`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={<BookOutlined />} loading={busy} onClick={() => void make()} data-testid="order-to-article">
      {t('knowledge.fromOrder')}
    </Button>
  );
}
