/** Last line of defence: a render error shows a page, not a blank screen. Texts come from the app's i18n. */
import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

interface Props {
  title: string;
  retry: string;
  /** data-testid of the error message */
  testId: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={this.props.title}
        subTitle={<span data-testid={this.props.testId}>{this.state.error.message}</span>}
        extra={<Button onClick={() => window.location.reload()}>{this.props.retry}</Button>}
      />
    );
  }
}
