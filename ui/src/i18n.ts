// i18next set-up and the rule for picking the UI language.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "./bindings";
import { en } from "./locales/en";
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
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: "ja",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export async function applyLanguage(lang: UiLanguage): Promise<void> {
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}
