/** Word lists for seeded catalogues: short on purpose, combined into plausible names and texts. */

/** The locales seeded add-ons carry text in; en-US is always among the candidates. */
export const SEED_LOCALES = ['en-US', 'de', 'fr', 'es', 'ja'] as const;
export type SeedLocale = (typeof SEED_LOCALES)[number];

// Tables are `|`-separated rows and lists space- or `|`-separated strings, so the formatter keeps them compact.
const list = (text: string, separator = ' '): readonly string[] => text.split(separator);
const rows = (lines: readonly string[]): string[][] => lines.map((line) => line.split('|'));

/** What an extension works on: its name in each locale, and the category and tags it suggests. */
export interface Subject {
  readonly en: string;
  /** English plural for sentences ("Sort your tabs"). */
  readonly plural: string;
  readonly de: string;
  readonly fr: string;
  readonly es: string;
  readonly ja: string;
  /** A category slug of type extension. */
  readonly category: string;
  readonly tags: readonly string[];
}

// en | plural | de (compound prefix) | fr | es | ja | category | tags
export const SUBJECTS: readonly Subject[] = rows([
  'Tab|tabs|Tab|onglets|pestañas|タブ|tabs|tabs,productivity',
  'Bookmark|bookmarks|Lesezeichen|marque-pages|marcadores|ブックマーク|bookmarks|bookmarks',
  'Cookie|cookies|Cookie|cookies|cookies|クッキー|privacy-security|privacy,security',
  'Download|downloads|Download|téléchargements|descargas|ダウンロード|download-management|download manager',
  'Video|videos|Video|vidéos|vídeos|動画|photos-music-videos|video,youtube',
  'Image|images|Bild|images|imágenes|画像|photos-music-videos|image search',
  'Tracker|trackers|Tracker|traqueurs|rastreadores|トラッカー|privacy-security|anti tracker,privacy',
  'Ad|ads|Werbe|publicités|anuncios|広告|privacy-security|ad blocker,anti tracker',
  'Password|passwords|Passwort|mots de passe|contraseñas|パスワード|privacy-security|password manager,security',
  'Search|searches|Such|recherches|búsquedas|検索|search-tools|search',
  'Price|prices|Preis|prix|precios|価格|shopping|shopping',
  'Coupon|coupons|Gutschein|coupons|cupones|クーポン|shopping|shopping',
  'Feed|feeds|Feed|flux|feeds|フィード|feeds-news-blogging|rss,news',
  'News|news sites|Nachrichten|actualités|noticias|ニュース|feeds-news-blogging|news',
  'Color|colors|Farb|couleurs|colores|カラー|appearance|dark mode',
  'Font|fonts|Schrift|polices|fuentes|フォント|appearance|accessibility',
  'Dark Mode|pages|Dunkelmodus|mode sombre|modo oscuro|ダークモード|appearance|dark mode,accessibility',
  'Translation|translations|Übersetzungs|traduction|traducción|翻訳|language-support|translation',
  'Grammar|texts|Grammatik|grammaire|gramática|文法|language-support|translation',
  'Game|games|Spiel|jeux|juegos|ゲーム|games-entertainment|games',
  'Music|songs|Musik|musique|música|音楽|photos-music-videos|music',
  'Screenshot|screenshots|Bildschirmfoto|captures|capturas|スクリーンショット|photos-music-videos|screenshot',
  'Chat|chats|Chat|discussions|chat|チャット|social-communication|social media',
  'Mail|emails|Mail|e-mails|correo|メール|social-communication|email',
  'Notification|notifications|Benachrichtigungs|notifications|avisos|通知|alerts-updates|notifications',
  'Weather|forecasts|Wetter|météo|tiempo|天気|alerts-updates|weather',
  'Proxy|proxies|Proxy|proxy|proxy|プロキシ|privacy-security|proxy,privacy',
  'Container|containers|Container|conteneurs|contenedores|コンテナ|privacy-security|container,privacy',
  'JSON|JSON files|JSON|JSON|JSON|JSON|web-development|developer tools',
  'Style|stylesheets|Stil|styles|estilos|スタイル|web-development|developer tools',
  'Script|user scripts|Skript|scripts|scripts|スクリプト|web-development|developer tools',
  'History|history entries|Verlaufs|historique|historial|履歴|other|productivity',
  'Note|notes|Notiz|notes|notas|メモ|other|productivity',
  'Zoom|pages|Zoom|zoom|zoom|ズーム|appearance|zoom,accessibility',
]).map(([en = '', plural = '', de = '', fr = '', es = '', ja = '', category = '', tags = '']) => ({
  en,
  plural,
  de,
  fr,
  es,
  ja,
  category,
  tags: tags.split(','),
}));

/** What an extension does to its subject, per locale. */
export interface Agent {
  readonly en: string;
  readonly de: string;
  readonly fr: string;
  readonly es: string;
  readonly ja: string;
}

export const AGENTS: readonly Agent[] = rows([
  'Manager|Verwaltung|Gestionnaire|Gestor|マネージャー',
  'Sorter|Sortierer|Trieur|Ordenador|ソーター',
  'Blocker|Blocker|Bloqueur|Bloqueador|ブロッカー',
  'Helper|Helfer|Assistant|Asistente|ヘルパー',
  'Switcher|Umschalter|Sélecteur|Selector|スイッチャー',
  'Viewer|Betrachter|Visionneuse|Visor|ビューアー',
  'Tools|Werkzeuge|Outils|Herramientas|ツール',
  'Organizer|Organisator|Organiseur|Organizador|オーガナイザー',
  'Guard|Wächter|Gardien|Guardián|ガード',
  'Finder|Finder|Chercheur|Buscador|ファインダー',
  'Cleaner|Reiniger|Nettoyeur|Limpiador|クリーナー',
  'Saver|Sicherung|Sauvegarde|Respaldo|セーバー',
  'Booster|Booster|Accélérateur|Acelerador|ブースター',
  'Controller|Steuerung|Contrôleur|Controlador|コントローラー',
]).map(([en = '', de = '', fr = '', es = '', ja = '']) => ({ en, de, fr, es, ja }));

export const ADJECTIVES = list(
  'Simple Smart Quick Easy Tiny Better Super Auto Ultimate Clean Open Instant Modern Classic Tree Multi Private Power',
);

/** English verbs and qualifiers for summaries: "{Verb} your {plural} {qualifier}." */
export const VERBS = list(
  'Manage|Organize|Sort|Block|Save|Find|Clean up|Sync|Preview|Protect|Export|Group|Control',
  '|',
);

export const QUALIFIERS = list(
  'in one click|with keyboard shortcuts|without leaving the page|across all your devices|automatically|' +
    'from the toolbar|in a sidebar|privately|the easy way|like a pro',
  '|',
);

/** Sentences for descriptions, per locale; `{name}` and `{plural}` (English only) are replaced. */
export const SENTENCES: Readonly<Record<SeedLocale, readonly string[]>> = {
  'en-US': [
    '{name} is free and open source.',
    'No data ever leaves your browser.',
    'Works with container tabs and private windows.',
    'Use the options page to choose which {plural} to keep.',
    'Press Alt+Shift+K to open the panel.',
    'Found a bug? Open an issue on the project page.',
    'This add-on needs access to your {plural} to work.',
    'Translations are welcome!',
    'Version 2 brings a redesigned popup and dark mode support.',
    'Lightweight: no background pages, no trackers.',
  ],
  de: [
    '{name} macht das Surfen einfacher.',
    'Mit {name} behältst du den Überblick.',
    'Schnell, schlank und ohne Tracking.',
    'Einfach installieren und loslegen.',
    'Alle Einstellungen lassen sich anpassen.',
    'Funktioniert auch im privaten Modus.',
  ],
  fr: [
    '{name} simplifie votre navigation.',
    'Gardez le contrôle avec {name}.',
    'Rapide, léger et sans pistage.',
    'Installez et c’est parti.',
    'Tous les réglages sont personnalisables.',
    'Fonctionne aussi en navigation privée.',
  ],
  es: [
    '{name} hace que navegar sea más fácil.',
    'Mantén el control con {name}.',
    'Rápido, ligero y sin rastreo.',
    'Instala y listo.',
    'Todas las opciones son configurables.',
    'También funciona en navegación privada.',
  ],
  ja: [
    '{name}でブラウジングがもっと快適に。',
    '{name}で作業を効率化しましょう。',
    '軽量・高速・トラッキングなし。',
    'インストールするだけですぐに使えます。',
    'すべての設定をカスタマイズできます。',
    'プライベートブラウジングでも動作します。',
  ],
};

/** Release note lines; `{plural}` is replaced by the subject's English plural. */
export const RELEASE_NOTES: readonly string[] = [
  'Fixed a crash when the list of {plural} was empty.',
  'Added dark mode.',
  'Improved performance with many {plural}.',
  'Updated translations.',
  'Fixed compatibility with the latest Firefox.',
  'New option: open in the sidebar.',
  'Minor bug fixes.',
  'Reduced the permissions requested.',
  'Keyboard shortcuts can now be changed.',
];

/** Release note lines for themes, dictionaries and language packs. */
export const PACKAGE_NOTES = list(
  'Updated the {plural}.|Fixed a typo.|Updated for the latest Firefox.|' + 'Smaller download.|Minor fixes.',
  '|',
);

/** Static themes are named "{Color} {Scene}"; the scene chooses the category (a statictheme slug). */
export const THEME_COLORS = list(
  'Midnight Crimson Pastel Ocean Golden Misty Neon Autumn Velvet Arctic Emerald Lavender Dusty Solar Nordic ' +
    'Retro Cosmic Sakura Amber Graphite',
);

export const THEME_SCENES: readonly (readonly [scene: string, category: string])[] = list(
  'Forest:nature Sunset:scenery Waves:nature Mountains:scenery Sky:scenery Galaxy:abstract Dream:abstract ' +
    'Gradient:abstract Glow:solid Dark:solid Garden:nature City:scenery Fox:firefox Foxkeh:foxkeh ' +
    'Snowflakes:seasonal Christmas:holiday Football:sports Vinyl:music Cinema:film-and-tv Runway:fashion ' +
    'Rainbow:causes Pixels:websites Doodle:other',
).map((pair) => pair.split(':') as [string, string]);

/** Languages for dictionaries and language packs: [locale code, English name, native name]. */
export const LANGUAGES: readonly (readonly [code: string, english: string, native: string])[] = rows([
  'de|German|Deutsch',
  'fr|French|Français',
  'es-ES|Spanish|Español',
  'it|Italian|Italiano',
  'pt-BR|Portuguese (Brazil)|Português (Brasil)',
  'nl|Dutch|Nederlands',
  'pl|Polish|Polski',
  'sv-SE|Swedish|Svenska',
  'da|Danish|Dansk',
  'fi|Finnish|Suomi',
  'cs|Czech|Čeština',
  'hu|Hungarian|Magyar',
  'ru|Russian|Русский',
  'uk|Ukrainian|Українська',
  'tr|Turkish|Türkçe',
  'el|Greek|Ελληνικά',
  'ja|Japanese|日本語',
  'ko|Korean|한국어',
  'zh-CN|Chinese (Simplified)|简体中文',
  'ca|Catalan|Català',
  'ro|Romanian|Română',
  'en-GB|English (British)|English (GB)',
]).map(([code = '', english = '', native = '']) => [code, english, native] as const);

/** AMO-style tags, added to those an extension's subject suggests. */
export const TAGS = list(
  'accessibility|ad blocker|anti malware|anti tracker|bookmarks|container|dark mode|developer tools|' +
    'download manager|email|games|image search|music|news|password manager|privacy|productivity|proxy|rss|' +
    'screenshot|search|security|shopping|social media|tabs|translation|video|weather|youtube|zoom',
  '|',
);

/** Author name pieces: usernames combine a first and a last name (and a number past the combinations). */
export const FIRST_NAMES = list(
  'Anna Ben Chloé David Elena Felix Grace Hiro Ines Jonas Kenji Lena Marco Nina Omar Paula Quentin Rosa Sam ' +
    'Tomás Uma Victor Wen Yuki',
);

export const LAST_NAMES = list(
  'Abe Becker Costa Dubois Evans Fischer García Hansen Ito Jensen Klein Lopez Moreau Novak Okafor Petit Rossi ' +
    'Schmidt Tanaka Weber',
);

/** WebExtension permissions for extension files. */
export const PERMISSIONS = list(
  'storage tabs activeTab <all_urls> contextMenus notifications webRequest webRequestBlocking cookies ' +
    'downloads bookmarks history scripting alarms clipboardWrite https://*/*',
);

/** Licenses (SPDX ids and AMO's theme licences) with their weights. */
export const EXTENSION_LICENSES: readonly (readonly [string | null, number])[] = [
  ['MPL-2.0', 30],
  ['MIT', 22],
  ['GPL-3.0-or-later', 15],
  ['all-rights-reserved', 10],
  ['Apache-2.0', 5],
  ['BSD-2-Clause', 3],
  [null, 15],
];

export const THEME_LICENSES: readonly (readonly [string | null, number])[] = [
  ['cc-all-rights-reserved', 50],
  ['cc-by-3.0', 20],
  ['cc-by-sa-3.0', 15],
  ['cc-by-nc-sa-3.0', 15],
];
