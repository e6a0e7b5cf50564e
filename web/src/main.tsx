import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import './styles.css';
import { render } from 'preact';
import { App } from './App.tsx';
import { applyDocumentLang } from './i18n.ts';
import { loadUser } from './session.ts';

applyDocumentLang();
void loadUser();
render(<App />, document.getElementById('app') as HTMLElement);

// The field form works offline: the service worker keeps the app's files on the device.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}
