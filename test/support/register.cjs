// Lets plain `node` run the test tree's TypeScript without a build step (for the benchmark and
// other scripts): `node -r ./test/support/register.cjs test/bench/bench.cts`.
// - .ts and .cts files are transpiled in memory with the project's `typescript` (no type check;
//   `npm run typecheck` does that);
// - a relative './x.cjs' import resolves to './x.cts' when no real .cjs file exists, as jest's
//   resolver (test/harness/resolver.cjs) does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

function compile(module, filename) {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			inlineSourceMap: true,
		},
	});
	module._compile(outputText, filename);
}
for (const ext of ['.ts', '.cts']) if (!require.extensions[ext]) require.extensions[ext] = compile;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	if (request.startsWith('.') && parent && parent.filename) {
		// `./Synap.node` must find Synap.node.ts, not the codex Synap.node.json beside it.
		const ts = path.resolve(path.dirname(parent.filename), `${request}.ts`);
		if (!path.extname(request).match(/^\.(c?js|json|c?ts)$/) && fs.existsSync(ts)) return ts;
	}
	if (request.startsWith('.') && request.endsWith('.cjs') && parent && parent.filename) {
		const cts = path.resolve(path.dirname(parent.filename), `${request.slice(0, -4)}.cts`);
		if (!fs.existsSync(path.resolve(path.dirname(parent.filename), request)) && fs.existsSync(cts)) {
			return cts;
		}
	}
	return resolve.call(this, request, parent, ...rest);
};
