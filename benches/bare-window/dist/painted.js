// The page is on screen after the next frame: tell the shell, as the app's calendar does.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("painted")));
