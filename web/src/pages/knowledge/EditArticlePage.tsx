import { useEffect, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, Radio, Row, Select, Skeleton, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom } from '../../api';
import { useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { FormErrors } from '../../components/FormBits';
import { useProjects } from '../registry/common';
import { knowledgeApi, VISIBILITIES, type ArticleFields, type ArticleInput, type ArticleType, type Visibility } from './api';
import { TypeSelect, useCategoryOptions } from './KnowledgeBits';
import { Markdown } from './Markdown';
import { beijingToIso, isoToBeijing } from './knowledgeModel';

interface Values {
  title: string;
  body: string;
  type: ArticleType;
  visibility: Visibility;
  categories: string[];
  projectIds: string[];
  tags: string[];
  synonyms: string[];
  reviewDueOn?: Dayjs | null;
  publishAt?: Dayjs | null;
  expireAt?: Dayjs | null;
  changeNote?: string;
}

const FIELDS = ['title', 'body', 'type', 'visibility', 'categories', 'projectIds', 'tags', 'synonyms', 'reviewDueOn', 'publishAt', 'expireAt', 'changeNote'];
const WALL = 'YYYY-MM-DD HH:mm';

function toValues(f: ArticleFields): Values {
  return {
    title: f.title,
    body: f.body,
    type: f.type,
    visibility: f.visibility,
    categories: f.categories,
    projectIds: f.projectIds,
    tags: f.tags,
    synonyms: f.synonyms,
    reviewDueOn: f.reviewDueOn ? dayjs(f.reviewDueOn) : null,
    // Publish and expiry are instants; the pickers show them as Beijing time whatever the browser's zone.
    publishAt: f.publishAt ? dayjs(isoToBeijing(f.publishAt)) : null,
    expireAt: f.expireAt ? dayjs(isoToBeijing(f.expireAt)) : null,
  };
}

/** 编辑文章 — a new article or a new revision of one, with a live preview; saved as a draft or submitted for approval. */
export default function EditArticlePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const [form] = Form.useForm<Values>();
  const projects = useProjects();
  const categoryOptions = useCategoryOptions();
  // Editing continues from the newest revision the user may see (their own draft, say), not only the published text.
  const current = useRequest(
    async () => {
      const d = await knowledgeApi.article(id!);
      const newest = d.revisions[0];
      const fields = newest ? ((await knowledgeApi.revision(d.article.id, newest.id)).fields ?? d.article) : d.article;
      return { article: d.article, fields };
    },
    [id],
    !!id,
  );
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const body = Form.useWatch('body', form) ?? '';
  const title = Form.useWatch('title', form) ?? '';

  useEffect(() => {
    if (current.data) form.setFieldsValue(toValues(current.data.fields));
  }, [current.data, form]);

  const save = async (submit: boolean) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const input: ArticleInput = {
      title: v.title.trim(),
      body: v.body ?? '',
      type: v.type,
      visibility: v.visibility,
      categories: v.categories ?? [],
      projectIds: v.projectIds ?? [],
      tags: v.tags ?? [],
      synonyms: v.synonyms ?? [],
      reviewDueOn: v.reviewDueOn ? v.reviewDueOn.format('YYYY-MM-DD') : null,
      publishAt: v.publishAt ? beijingToIso(v.publishAt.format(WALL)) : null,
      expireAt: v.expireAt ? beijingToIso(v.expireAt.format(WALL)) : null,
      changeNote: v.changeNote?.trim() || null,
      submit,
      ...(current.data && { ownerId: current.data.fields.ownerId, variantOf: current.data.fields.variantOf }),
    };
    setBusy(submit ? 'submit' : 'draft');
    setErrors([]);
    try {
      const articleId = id ? (await knowledgeApi.edit(id, input), id) : (await knowledgeApi.create(input)).article.id;
      message.success(t(submit ? 'knowledge.done.submitted' : 'knowledge.done.saved'));
      navigate(`/knowledge/articles/${articleId}`);
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, FIELDS);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(null);
    }
  };

  if (current.error) return <LoadError error={current.error} onRetry={current.reload} />;
  if (id && !current.data) return <Skeleton active />;

  return (
    <>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0, marginBottom: 8 }} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/knowledge'))}>
        {t('knowledge.back')}
      </Button>
      <PageHeader title={id ? t('knowledge.edit.titleEdit', { title: current.data?.article.title ?? '' }) : t('knowledge.nav.new')} sub={t('knowledge.edit.sub')} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="kb-edit"
        requiredMark="optional"
        initialValues={{ type: 'answer', visibility: 'internal', categories: [], projectIds: [], tags: [], synonyms: [], body: '' }}
        data-testid="kb-form"
      >
        <Row gutter={16}>
          <Col xs={24} xl={13}>
            <Card size="small">
              <Form.Item name="title" label={t('knowledge.field.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                <Input maxLength={120} data-testid="kb-title" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="type" label={t('knowledge.field.type')} rules={[{ required: true, message: t('form.required') }]}>
                    <TypeSelect data-testid="kb-type" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="visibility" label={t('knowledge.field.visibility')} extra={t('knowledge.edit.visibilityHint')}>
                    <Radio.Group optionType="button" options={VISIBILITIES.map((v) => ({ value: v, label: t(`knowledge.visibility.${v}`) }))} data-testid="kb-visibility" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="body" label={t('knowledge.field.body')} extra={t('knowledge.edit.bodyHint')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                <Input.TextArea autoSize={{ minRows: 10, maxRows: 28 }} maxLength={50000} data-testid="kb-body" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="categories" label={t('knowledge.field.category')} extra={t('knowledge.edit.categoriesHint')}>
                    <Select mode="tags" options={categoryOptions} optionFilterProp="label" tokenSeparators={[',', '，', '、']} data-testid="kb-categories" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="projectIds" label={t('knowledge.field.projects')} extra={t('knowledge.edit.projectsHint')}>
                    <Select
                      mode="multiple"
                      allowClear
                      optionFilterProp="label"
                      loading={!projects.data}
                      placeholder={t('knowledge.allProjects')}
                      options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="tags" label={t('knowledge.field.tags')}>
                    <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} placeholder={t('knowledge.edit.tagsHint')} data-testid="kb-tags" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="synonyms" label={t('knowledge.field.synonyms')}>
                    <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} placeholder={t('knowledge.edit.synonymsHint')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="reviewDueOn" label={t('knowledge.field.reviewDueOn')}>
                    <DatePicker style={{ width: '100%' }} data-testid="kb-review-due" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="publishAt" label={t('knowledge.field.publishAt')} extra={t('knowledge.edit.beijingTime')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format={WALL} style={{ width: '100%' }} placeholder={t('knowledge.immediately')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="expireAt"
                    label={t('knowledge.field.expireAt')}
                    dependencies={['publishAt']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v: Dayjs | null) => {
                          const from = getFieldValue('publishAt') as Dayjs | null;
                          return !v || !from || v.isAfter(from) ? Promise.resolve() : Promise.reject(new Error(t('knowledge.edit.expireAfterPublish')));
                        },
                      }),
                    ]}
                  >
                    <DatePicker showTime={{ format: 'HH:mm' }} format={WALL} style={{ width: '100%' }} placeholder={t('knowledge.never')} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="changeNote" label={t('knowledge.field.changeNote')}>
                <Input maxLength={500} placeholder={t('knowledge.edit.changeNoteHint')} data-testid="kb-change-note" />
              </Form.Item>
              <FormErrors messages={errors} />
              <Flex wrap gap={8} style={{ marginTop: 8 }}>
                <Button icon={<SaveOutlined />} loading={busy === 'draft'} disabled={!!busy && busy !== 'draft'} onClick={() => void save(false)} data-testid="kb-save-draft">
                  {t('knowledge.action.saveDraft')}
                </Button>
                <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={!!busy && busy !== 'submit'} onClick={() => void save(true)} data-testid="kb-save-submit">
                  {t('knowledge.action.saveSubmit')}
                </Button>
              </Flex>
            </Card>
          </Col>
          <Col xs={24} xl={11}>
            <Card size="small" title={t('knowledge.edit.preview')} data-testid="kb-preview">
              <Tabs
                size="small"
                items={[
                  {
                    key: 'page',
                    label: t('knowledge.edit.previewArticle'),
                    children: (
                      <>
                        <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
                          {title || t('knowledge.edit.untitled')}
                        </Typography.Title>
                        {body.trim() ? <Markdown source={body} /> : <Typography.Text type="secondary">{t('knowledge.edit.previewEmpty')}</Typography.Text>}
                      </>
                    ),
                  },
                  {
                    key: 'syntax',
                    label: t('knowledge.edit.syntax'),
                    children: <Markdown source={t('knowledge.edit.syntaxHelp')} />,
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      </Form>
    </>
  );
}
