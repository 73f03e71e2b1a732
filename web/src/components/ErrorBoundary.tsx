import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';
import { CloseCircleFilled } from '@ant-design/icons';
import { withTranslation, type WithTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

/** A screen that throws (or whose chunk fails to load after a deploy) shows a way out, not a blank page. */
class Boundary extends Component<WithTranslation & { children: ReactNode }, State> {
  state: State = { error: null };
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('screen failed', error, info.componentStack);
  }
  render() {
    const { t } = this.props;
    if (!this.state.error) return this.props.children;
    return (
      // Not antd Result: its status illustrations would sit in the first download for a rare case.
      <Flex vertical align="center" gap={12} style={{ padding: '48px 16px', textAlign: 'center' }} role="alert">
        <CloseCircleFilled style={{ fontSize: 48, color: '#ff4d4f' }} aria-hidden />
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('error.screenTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('error.screenHint')}</Typography.Text>
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      </Flex>
    );
  }
}

export const ErrorBoundary = withTranslation()(Boundary);
