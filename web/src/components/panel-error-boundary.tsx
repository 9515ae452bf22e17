import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorState } from './error-state';

export interface PanelErrorBoundaryProps {
  children: ReactNode;
  /** Heading of the error panel. @default 'This panel failed to show' */
  title?: string;
}

interface State {
  error: unknown;
}

/**
 * Contains a crash to one panel (docs/conventions.md#web-error-handling) and offers to render it
 * again.
 */
export class PanelErrorBoundary extends Component<PanelErrorBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Panel crashed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <ErrorState
          title={this.props.title ?? 'This panel failed to show'}
          error={this.state.error}
          onRetry={() => this.setState({ error: null })}
        />
      );
    }
    return this.props.children;
  }
}
