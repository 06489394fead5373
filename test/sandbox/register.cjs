// Lets plain `node` run the sandbox's TypeScript (.cts) sources without a build step:
//   node -r ./test/sandbox/register.cjs test/sandbox/cli.cts
// Each .cts file is transpiled in memory with the project's own `typescript` devDependency
// (transpileModule: no type check; `npx tsc -p tsconfig.test.json` does that). Registering the
// `.cts` extension also lets `require('./store')` find `store.cts`.
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

if (!require.extensions['.cts']) {
	require.extensions['.cts'] = function compileCts(module, filename) {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				inlineSourceMap: true,
			},
		});
		module._compile(outputText, filename);
	};
}
