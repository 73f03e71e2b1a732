import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, theme } from 'antd';
// Per component: antd's Input index also carries TextArea, Search and OTP, none of which the login form uses.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { ApiError } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { preloadSignedIn } from '../layout/loadSignedIn';

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

  // '/' sends a signed-in user to their role's home screen (the route registry is not loaded here).
  if (user) return <Navigate to={next ?? '/'} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    // The signed-in app downloads while the server checks the password.
    preloadSignedIn();
    try {
      const u = await login(v.username.trim(), v.password);
      preloadSignedIn(next ?? u);
      navigate(next ?? '/', { replace: true });
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
            {/* Plain elements in antd's heading and secondary-text styles: Typography brings tooltip, copy and edit code along. */}
            <h1 style={{ fontSize: 26, lineHeight: 1.23, fontWeight: token.fontWeightStrong, color: token.colorTextHeading, margin: 0 }}>{t('app.name')}</h1>
            <span style={{ color: token.colorTextSecondary, fontSize: token.fontSize }}>{t('app.tagline')}</span>
          </Flex>
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} aria-label={t('auth.formLabel')} disabled={busy}>
            <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
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
