import { Component, type ReactNode } from 'react';
import { t } from '../i18n';

/** Keeps a failing view from blanking the page; the workspace (saved in this browser: IndexedDB, see src/workspace/store.ts) is untouched. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="kx-error" role="alert">
          <h2>{t('error.title')}</h2>
          <p>{t('error.body', { error: this.state.error.message })}</p>
          <button onClick={() => this.setState({ error: null })}>{t('error.retry')}</button>
        </div>
      );
    }
    return this.props.children;
  }
}
