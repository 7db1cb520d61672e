// Lint: TypeScript and Vue recommended rules; type checking itself is vue-tsc's job (npm run typecheck).
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const UNDER_STORES = {
  group: ['**/stores/*', '**/features/*', '**/components/*', '**/modules/*', 'vant'],
  message: 'src/db and src/sync sit under the stores and screens: they must not import them',
}

export default tseslint.config(
  { ignores: ['dist/**', 'dev-dist/**', '.local/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly' } },
    rules: {
      // Vant components are registered by the resolver; formatting is not the linter's business here
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers (issue 16), each importing only those under it: domain ← sync/core ← db ← the sync engine (src/sync/*.ts)
  // ← stores ← features. Pure domain rules import nothing but each other; the device database and the sync engine
  // know nothing of screens, stores or the app's wiring (db/live.ts is the one bridge to Vue's reactivity).
  // Screens reach the device and the server through the stores (one per area), in every feature area.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../domain', 'vue', 'dexie', '@supabase/*'],
        message: 'src/domain holds pure rules: no Vue, Dexie, network or other app layer' }] }],
    },
  },
  {
    files: ['src/db/**/*.ts', 'src/sync/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [UNDER_STORES] }] },
  },
  // The sync core (merge rules, push plans, the wire contract, refusal and backup rules) sits under the device
  // database, which calls it; the engine (src/sync/*.ts: push, pull, engine, transport) sits above both.
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [UNDER_STORES, {
        group: ['**/sync/*', '!**/sync/core'],
        message: 'src/db sits under the sync engine: it may import src/sync/core/*, never the engine, push, pull or transport' }] }],
    },
  },
  {
    files: ['src/sync/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        // gitignore-style, in order: every path out of core; `../..` (src) let in again, else nothing under it could
        // be; then everything in src but domain
        group: ['../*', '!../..', '../../*', '!../../domain', 'vue', 'pinia', 'vant', 'dexie', '@supabase/*'],
        message: 'src/sync/core holds pure sync rules: it imports src/domain and itself, no database, engine, Vue or network' }] }],
    },
  },
  {
    files: ['src/features/**/*.{ts,vue}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        group: ['**/db/*', '**/sync/*', '**/modules/data', '**/modules/supabase', 'dexie'],
        message: 'screens read and write through src/stores (one store per area), not the database, Dexie, sync or supabase' }, {
        // gitignore-style: every path into another area, with `../..` (src) let in again
        group: ['../*', '!../..'],
        message: 'an area imports stores, shared UI (src/components) and domain rules, not another area: move what two areas share there' }] }],
    },
  },
  // The stores sit under the screens and the shared UI; shared UI (src/components) is used by screens, never the
  // other way round.
  {
    files: ['src/stores/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/features/*', '**/components/*'],
        message: 'src/stores sit under the screens and the shared UI: they must not import them' }] }],
    },
  },
  // The app's services (src/modules) sit under the stores: the route table that names the screens is src/router.ts.
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/features/*', '**/stores/*', '**/components/*'],
        message: 'src/modules holds services under the stores: screens and stores are wired in src/router.ts and main.ts' }] }],
    },
  },
  {
    files: ['src/components/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/features/*'],
        message: 'src/components is shared by the screens: it must not import one' }] }],
    },
  },
)
