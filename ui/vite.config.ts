import { defineConfig } from "vite";

// No React plugin: esbuild's automatic JSX runtime is all this app needs, and it keeps
// the install small. Port 5173 matches devUrl in src-tauri/tauri.conf.json.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { outDir: "dist", target: "es2022", sourcemap: false, chunkSizeWarningLimit: 400 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
