/**
 * The app's antd theme. One object for ConfigProvider (App.tsx) and the build's prebuilt antd styles
 * (web/vite.config.ts), which are keyed by the theme's tokens: a change here reaches both.
 */
export const ANTD_THEME = { token: { colorPrimary: '#1668dc', borderRadius: 6 } };
