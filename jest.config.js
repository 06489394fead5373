// Test files are TypeScript with the .cts extension. n8n's community lint (n8n-node lint, strict)
// applies its node rules to every **/*.ts file; the test tree legitimately needs Node's http,
// process and n8n-core, so it lives in .cts files that the node rules do not match, and is
// linted on its own by test/eslint.config.mjs (npm run lint:test).
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.cts'],
	moduleFileExtensions: ['cts', 'ts', 'js', 'cjs', 'json'],
	// .cts files import each other as './x.cjs' (TypeScript's rule for CommonJS TypeScript).
	resolver: '<rootDir>/test/harness/resolver.cjs',
	setupFilesAfterEnv: ['<rootDir>/test/harness/jest.setup.cts'],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 60000,
};
