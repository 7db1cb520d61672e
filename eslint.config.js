// Lint: TypeScript and Vue recommended rules; type checking itself is vue-tsc's job (npm run typecheck).
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
  // Layers (issue 16): pure domain rules import nothing but each other; the device database and the sync engine
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
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        group: ['**/stores/*', '**/features/*', '**/components/*', '**/modules/*', 'vant'],
        message: 'src/db and src/sync sit under the stores and screens: they must not import them' }] }],
    },
  },
  {
    files: ['src/features/**/*.{ts,vue}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        group: ['**/db/*', '**/sync/*', '**/modules/data', '**/modules/supabase', 'dexie'],
        message: 'screens read and write through src/stores (one store per area), not the database, Dexie, sync or supabase' }] }],
    },
  },
)
