// Lint rules for TypeScript and Svelte (ESLint with typescript-eslint and eslint-plugin-svelte); formatting is
// Prettier's (.prettierrc.json), so rules that would fight it are off. `npm run lint` runs both checks.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'client/dist/', 'test/fixtures/', 'data/', '.neo4j/', 'scripts/neo4j/target/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  prettier,
  svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `_name` marks what is deliberately unused (a destructured field left out, a required parameter).
      // Prettier wraps code at 120 columns; comments are wrapped by hand (a string may run longer: it is one message).
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Prettier fills the markup's text to 120 columns by its own measure; a second measure here would fight it.
    files: ['**/*.svelte'],
    rules: { 'max-len': 'off' },
  },
);
