// Last line of defence: a rendering bug shows a message and a reload button instead of a
// blank window. Data is safe in the store either way; nothing here writes.
import { Component, type ErrorInfo, type ReactNode } from "react";
import { i18n } from "../i18n";

type State = { error: Error | null };

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("render failed", error, info.componentStack);
    const w = window as unknown as { __errs?: string[] };
    (w.__errs ??= []).push(`${error.message}\n${error.stack ?? ""}`);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="startup-error">
        <section className="error-panel" role="alert">
          <h1>{i18n.t("error.title")}</h1>
          <details>
            <summary>{i18n.t("error.details")}</summary>
            <p className="error-message">{this.state.error.message}</p>
          </details>
          <div className="actions">
            <button type="button" className="primary" onClick={() => window.location.reload()}>
              {i18n.t("error.retry")}
            </button>
          </div>
        </section>
      </main>
    );
  }
}
