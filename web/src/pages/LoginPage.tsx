import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, theme, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { ApiError } from '../api';
import { homePathFor } from '../routes';
import { LanguageSwitch } from '../components/LanguageSwitch';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-app paths are accepted as a return address (no open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const { token } = theme.useToken();
  useEffect(() => {
    document.title = `${t('auth.formLabel')} · ${t('app.name')}`;
  }, [t]);

  if (user) return <Navigate to={next ?? homePathFor(user)} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(v.username.trim(), v.password);
      navigate(next ?? homePathFor(u), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100%', padding: 16, background: 'linear-gradient(160deg, #e8f0fe 0%, #f5f5f5 60%)' }}>
      <main style={{ width: '100%', maxWidth: 380 }}>
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <LanguageSwitch />
        </Flex>
        {/* A plain panel rather than antd Card: Card drags tab code into the first download. */}
        <div style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG, padding: 24, boxShadow: token.boxShadowTertiary }}>
          <Flex vertical align="center" style={{ marginBottom: 16 }}>
            <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </Flex>
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} aria-label={t('auth.formLabel')} disabled={busy}>
            <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            {error && <Alert type="error" showIcon message={error} role="alert" data-testid="login-error" style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('auth.submit')}
            </Button>
          </Form>
        </div>
      </main>
    </Flex>
  );
}
