// i18next set-up and the rule for picking the UI language. Japanese ships with the first
// screen; English loads the first time it is chosen (the first screen has a size budget, and
// most windows never show English).
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "./bindings";
import { ja } from "./locales/ja";

export type UiLanguage = "ja" | "en";

/** The language to show: the setting, else the system's, else the webview's, else Japanese. */
export function resolveLanguage(
  setting: Language | undefined,
  systemLanguage: string | null | undefined,
  navigatorLanguage: string | undefined,
): UiLanguage {
  if (setting === "ja" || setting === "en") return setting;
  const system = systemLanguage ?? navigatorLanguage;
  if (!system) return "ja";
  return system.toLowerCase().startsWith("ja") ? "ja" : "en";
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja } },
  lng: "ja",
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

let english: Promise<void> | null = null;

/** Loads the English words once (merged with any a screen added before). */
export function loadEnglish(): Promise<void> {
  english ??= import("./locales/en").then(({ en }) => {
    i18n.addResourceBundle("en", "translation", en, true, false);
  });
  return english;
}

export async function applyLanguage(lang: UiLanguage): Promise<void> {
  if (lang === "en") await loadEnglish();
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}
