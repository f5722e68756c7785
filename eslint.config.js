// Lint rules for the whole workspace: typescript-eslint's recommended, type-aware, with
// no-floating-promises as an error (a server with async work cannot afford a dropped promise),
// and the package layering of DESIGN §2 (eslint.layering.js).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import { layeringConfig } from './eslint.layering.js'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layeringConfig,
)
