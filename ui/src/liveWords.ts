// Registers the words of accounts, costs and proven-live posts when a screen that shows them
// loads (they are not needed for the first screen, which has a size budget).
import { i18n } from "./i18n";
import { jaLive } from "./locales/ja.live";
import { enLive } from "./locales/en.live";

i18n.addResourceBundle("ja", "translation", jaLive, true, true);
i18n.addResourceBundle("en", "translation", enLive, true, true);
