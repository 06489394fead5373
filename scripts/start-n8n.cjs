#!/usr/bin/env node
'use strict';
/**
 * npm start [-- options]: a real n8n with this repo's packed package installed, for trying
 * the node by hand in the editor. Ctrl-C stops it.
 *
 * Options:
 *   --n8n=<version>   n8n version (default 2.8.4, or $SYNAP_N8N_VERSION)
 *   --port=<port>     editor port (default 5678 when free, else a free one)
 *   --fresh           wipe the dev home first (workflows, credentials, owner)
 *   --no-build        pack without `npm run build`
 *
 * The home is persistent: <cache>/dev-home-<version> (see scripts/n8n-runtime.cjs for <cache>).
 * The package is re-packed and re-installed into it on every start.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const runtime = require('./n8n-runtime.cjs');
const h = require('./n8n-harness.cjs');

function portFree(port) {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

async function main() {
	const args = process.argv.slice(2);
	const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const version = opt('n8n') || runtime.DEFAULT_N8N_VERSION;
	await runtime.ensureN8n(version);

	const userFolder = path.join(runtime.cacheRoot(), `dev-home-${version}`);
	if (args.includes('--fresh')) fs.rmSync(userFolder, { recursive: true, force: true });

	const tarball = h.packPackage({ build: !args.includes('--no-build') });
	const home = await h.createN8nHome({ version, tarball, userFolder, keep: true });
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	let port = Number(opt('port')) || 5678;
	if (!opt('port') && !(await portFree(port))) port = await h.getFreePort();
	home.port = port;
	home.url = `http://127.0.0.1:${port}`;
	home.env.N8N_PORT = String(port);

	runtime.log(`starting n8n ${version} (home ${userFolder}) …`);
	const srv = await h.startN8n(home, { echo: true });
	const owner = await h.setupOwner(srv.url);
	process.stderr.write(
		[
			'',
			`  n8n ${version} is running with ${h.PACKAGE_NAME} installed (node type ${h.NODE_TYPE}).`,
			`  Editor:   ${srv.url}`,
			`  Login:    ${owner.email} / ${owner.password}`,
			`  Log:      ${srv.logFile}`,
			'  Ctrl-C to stop.',
			'',
		].join('\n') + '\n',
	);
	// The harness's signal handler stops n8n gracefully and exits.
	await new Promise((resolve) => srv.process.once('exit', resolve));
	runtime.log(`n8n exited (code ${srv.process.exitCode})`);
	return srv.process.exitCode || 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		runtime.log(e.stack || String(e));
		process.exit(1);
	},
);
