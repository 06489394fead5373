// Lint rules for the test tree (sandbox, harness, tests). The root eslint.config.mjs must stay
// n8n's default (strict mode) and applies n8n's node rules to **/*.ts; test code is .cts and
// is checked here with the standard JavaScript and typescript-eslint recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{
		files: ['**/*.cts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		files: ['**/*.cjs'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2023, globals: { ...globals.node } },
	},
);
