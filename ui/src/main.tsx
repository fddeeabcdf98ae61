import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { App } from "./App";
import { callCounts } from "./bindings";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { i18n } from "./i18n";
import "./styles.css";

// The end-to-end tests count the window's IPC calls through WebDriver.
(window as unknown as { tsunaguCallCounts: Record<string, number> }).tsunaguCallCounts = callCounts;

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <>
      <I18nextProvider i18n={i18n}>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </I18nextProvider>
    </>,
  );
}
